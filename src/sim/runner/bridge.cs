// The simulator's pwsh worker: one process, one runspace per simulated agent session. Compiled by worker.ps1 with
// Add-Type. C# 5 and .NET Framework 4.5 APIs only, so a Windows workstation's PowerShell 5.1 can host it too.
// Wire (worker stdout, one line each, payloads base64 of UTF-8):
//   OUT sid b64 | ERR sid b64 | CALL sid callId verb b64(json) | EXIT sid code | FAIL sid b64 | READY
using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;

namespace WinbookSim
{
    public static class Wire
    {
        static readonly object Gate = new object();
        static TextWriter writer;
        public static void Init(TextWriter w) { writer = w; }
        public static string B64(string s) { return Convert.ToBase64String(Encoding.UTF8.GetBytes(s ?? "")); }
        public static string Text(string b64) { return Encoding.UTF8.GetString(Convert.FromBase64String(b64)); }
        public static void Send(string line)
        {
            lock (Gate) { writer.Write(line); writer.Write('\n'); writer.Flush(); }
        }
    }

    // stdin of one agent session: WinRS Sends arrive as chunks; ReadLine blocks until a whole line or end of input.
    public sealed class SessionInput : TextReader
    {
        readonly BlockingCollection<string> chunks = new BlockingCollection<string>();
        readonly StringBuilder pending = new StringBuilder();
        bool ended;
        public void Feed(string text) { chunks.Add(text); }
        public void End() { chunks.CompleteAdding(); }
        public override string ReadLine()
        {
            for (;;)
            {
                for (int i = 0; i < pending.Length; i++)
                {
                    if (pending[i] != '\n') continue;
                    int len = (i > 0 && pending[i - 1] == '\r') ? i - 1 : i;
                    string line = pending.ToString(0, len);
                    pending.Remove(0, i + 1);
                    return line;
                }
                if (ended)
                {
                    if (pending.Length == 0) return null;
                    string last = pending.ToString();
                    pending.Clear();
                    return last;
                }
                string chunk;
                if (chunks.TryTake(out chunk, Timeout.Infinite)) pending.Append(chunk);
                else ended = true;
            }
        }
        public override int Peek() { return -1; }
        public override string ReadToEnd()
        {
            var sb = new StringBuilder();
            string l;
            while ((l = ReadLine()) != null) sb.Append(l).Append('\n');
            return sb.ToString();
        }
    }

    // stdout/stderr of one agent session: buffered until Flush (the bootstrap flushes after every frame).
    public sealed class SessionOutput : TextWriter
    {
        readonly string sid;
        readonly string kind;
        readonly StringBuilder buf = new StringBuilder();
        public SessionOutput(string sid, string kind) { this.sid = sid; this.kind = kind; }
        public override Encoding Encoding { get { return Encoding.UTF8; } }
        public override void Write(char value) { lock (buf) buf.Append(value); }
        public override void Write(string value) { lock (buf) buf.Append(value); }
        public override void WriteLine(string value) { lock (buf) buf.Append(value).Append("\r\n"); }
        public override void WriteLine() { lock (buf) buf.Append("\r\n"); }
        public override void Flush()
        {
            string text;
            lock (buf) { if (buf.Length == 0) return; text = buf.ToString(); buf.Clear(); }
            Wire.Send(kind + " " + sid + " " + Wire.B64(text));
        }
    }

    // A façade verb call from a session's runspace: sent to the simulator, answered by RET on the worker's stdin.
    public static class Bridge
    {
        static readonly ConcurrentDictionary<string, BlockingCollection<string[]>> replies =
            new ConcurrentDictionary<string, BlockingCollection<string[]>>();
        static long seq;

        public static void Reply(string callId, string status, string payloadB64)
        {
            BlockingCollection<string[]> q;
            if (replies.TryGetValue(callId, out q)) q.Add(new[] { status, payloadB64 });
        }

        // Returns the JSON result; throws WinbookSim.HostError for a Windows error (code and Windows' text).
        public static string Call(string sid, string verb, string argsJson)
        {
            string id = sid + "." + Interlocked.Increment(ref seq).ToString();
            var q = new BlockingCollection<string[]>(1);
            replies[id] = q;
            try
            {
                Wire.Send("CALL " + sid + " " + id + " " + verb + " " + Wire.B64(argsJson));
                string[] r = q.Take();
                string payload = Wire.Text(r[1]);
                if (r[0] == "OK") return payload;
                int colon = payload.IndexOf(':');
                int code = int.Parse(payload.Substring(0, colon));
                string message = payload.Substring(colon + 1);
                // A negative code is a COM HRESULT (the Windows Update Agent's refusals): the exception .NET's COM
                // interop raises for it, E_ACCESSDENIED as UnauthorizedAccessException (whose HResult is 0x80070005).
                if (code == unchecked((int)0x80070005)) throw new UnauthorizedAccessException(message);
                if (code < 0) throw new System.Runtime.InteropServices.COMException(message, code);
                throw new System.ComponentModel.Win32Exception(code, message);
            }
            finally
            {
                BlockingCollection<string[]> gone;
                replies.TryRemove(id, out gone);
            }
        }
    }
}

namespace WinbookSim
{
    using System.Globalization;
    using System.Management.Automation;
    using System.Management.Automation.Host;
    using System.Management.Automation.Runspaces;

    // The runspace's host, as powershell.exe's own would be for a script's `exit N`: PowerShell hands N to the host
    // (SetShouldExit), and the session reports it as the process's exit code. Otherwise the engine's default host,
    // which has no user interface either.
    public sealed class ExitHost : PSHost
    {
        readonly Guid id = Guid.NewGuid();
        readonly CultureInfo culture = Thread.CurrentThread.CurrentCulture;
        readonly CultureInfo uiCulture = Thread.CurrentThread.CurrentUICulture;
        public int? ExitCode;
        public override string Name { get { return "Default Host"; } }
        public override Version Version { get { return typeof(PSObject).Assembly.GetName().Version; } }
        public override Guid InstanceId { get { return id; } }
        public override PSHostUserInterface UI { get { return null; } }
        public override CultureInfo CurrentCulture { get { return culture; } }
        public override CultureInfo CurrentUICulture { get { return uiCulture; } }
        public override void EnterNestedPrompt() { throw new NotSupportedException(); }
        public override void ExitNestedPrompt() { throw new NotSupportedException(); }
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { ExitCode = exitCode; }
    }

    // The user layer (src/sim/runner/user-layer.ts): the Windows cmdlets a user's script has on a host. A runspace's
    // InitialSessionState is its own clone of the worker's; entries added to it after Open are not in the agent's
    // runspace, but are in every runspace the agent creates from [runspace]::DefaultRunspace.InitialSessionState, as
    // win_powershell and script do for the user's script. So a module's own script still cannot call Get-Service.
    // The session id goes with them, so the layer's bridge calls reach this session's host.
    public static class UserLayer
    {
        public static readonly System.Collections.Generic.List<SessionStateCommandEntry> Entries = new System.Collections.Generic.List<SessionStateCommandEntry>();

        internal static void AddTo(InitialSessionState iss, string sid)
        {
            foreach (var e in Entries) iss.Commands.Add(e);
            iss.Variables.Add(new SessionStateVariableEntry("__WbSimSession", sid, "the simulated host session the user layer's cmdlets act on", ScopedItemOptions.ReadOnly));
        }
    }

    // One simulated process: a runspace of its own running a script (the real bootstrap, or the upload script) with
    // this session's stdin/stdout/stderr as the $In/$Out/$Err parameters. A script that reads its stdin through the
    // façade instead (the upload script) is started without $In.
    public sealed class Session
    {
        public readonly string Id;
        public readonly SessionInput Input = new SessionInput();
        readonly SessionOutput output;
        readonly SessionOutput error;
        readonly ExitHost host = new ExitHost();
        readonly Runspace runspace;
        readonly PowerShell shell;

        public Session(string id, InitialSessionState iss, string script, bool withInput)
        {
            Id = id;
            output = new SessionOutput(id, "OUT");
            error = new SessionOutput(id, "ERR");
            runspace = RunspaceFactory.CreateRunspace(host, iss);
            runspace.ThreadOptions = PSThreadOptions.UseNewThread;
            runspace.Open();
            UserLayer.AddTo(runspace.InitialSessionState, id);
            shell = PowerShell.Create();
            shell.Runspace = runspace;
            shell.AddScript(script);
            if (withInput) shell.AddParameter("In", Input);
            shell.AddParameter("Out", output).AddParameter("Err", error);
            shell.BeginInvoke<PSObject, PSObject>(null, new PSDataCollection<PSObject>(), null, Finished, null);
        }

        void Finished(IAsyncResult ar)
        {
            int code = 0;
            try
            {
                shell.EndInvoke(ar);
                if (shell.HadErrors && shell.Streams.Error.Count > 0)
                {
                    foreach (var e in shell.Streams.Error) error.WriteLine(e.ToString());
                    code = 1;
                }
            }
            catch (Exception e)
            {
                error.WriteLine(e.Message);
                code = 1;
            }
            if (host.ExitCode.HasValue) code = host.ExitCode.Value;
            output.Flush();
            error.Flush();
            Wire.Send("EXIT " + Id + " " + code.ToString());
            try { shell.Dispose(); runspace.Dispose(); } catch (Exception) { }
        }

        public void Stop()
        {
            Input.End();
            try { shell.BeginStop(null, null); } catch (Exception) { }
        }
    }
}
