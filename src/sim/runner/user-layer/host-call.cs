// The user layer's providers reach the simulated host through the same façade verbs a module uses: a CALL on the
// bridge, routed by the session id the user runspace's session state carries (worker.ps1 sets it per agent session),
// so every change runs on the host model with the agent account's rights and is written to the rehearsal log.
// C# 5 and .NET Framework 4.5 APIs only, as bridge.cs.
namespace WinbookSim
{
    using System;
    using System.Collections;
    using System.Collections.Generic;
    using System.ComponentModel;
    using System.Globalization;
    using System.Management.Automation;
    using System.Text;

    public static class HostCall
    {
        public const string SessionVariable = "__WbSimSession";

        static string SessionOf(SessionState state)
        {
            object v = state.PSVariable.GetValue(SessionVariable);
            if (v == null) throw new InvalidOperationException("winbook simulator: this runspace is not bound to a simulated host session");
            return v.ToString();
        }

        // Calls a façade verb with name/value pairs; returns the parsed JSON result. Throws Win32Exception for a
        // Windows refusal (bridge.cs).
        public static object Call(SessionState state, string verb, params object[] pairs)
        {
            var sb = new StringBuilder("{");
            for (int i = 0; i + 1 < pairs.Length; i += 2)
            {
                if (pairs[i + 1] == null) continue;
                if (sb.Length > 1) sb.Append(',');
                Json.Write(sb, pairs[i]);
                sb.Append(':');
                Json.Write(sb, pairs[i + 1]);
            }
            sb.Append('}');
            return Json.Parse(Bridge.Call(SessionOf(state), verb, sb.ToString()));
        }

        public static int CodeOf(Exception e)
        {
            var w = e as Win32Exception;
            return w == null ? 0 : w.NativeErrorCode;
        }

        public static string Str(object map, string key)
        {
            var d = map as IDictionary;
            if (d == null || !d.Contains(key) || d[key] == null) return null;
            return Convert.ToString(d[key], CultureInfo.InvariantCulture);
        }

        public static object Get(object map, string key)
        {
            var d = map as IDictionary;
            return d == null || !d.Contains(key) ? null : d[key];
        }
    }

    // JSON for the bridge: objects become case-insensitive Hashtables, arrays object[], numbers long or double.
    public static class Json
    {
        public static void Write(StringBuilder sb, object v)
        {
            if (v == null) { sb.Append("null"); return; }
            if (v is PSObject) v = ((PSObject)v).BaseObject;
            if (v is bool) { sb.Append((bool)v ? "true" : "false"); return; }
            if (v is int || v is long || v is uint || v is ulong || v is short || v is byte) { sb.Append(Convert.ToString(v, CultureInfo.InvariantCulture)); return; }
            if (v is double) { sb.Append(((double)v).ToString("R", CultureInfo.InvariantCulture)); return; }
            var s = v as string;
            if (s == null && v is IEnumerable)
            {
                sb.Append('[');
                bool first = true;
                foreach (object x in (IEnumerable)v) { if (!first) sb.Append(','); first = false; Write(sb, x); }
                sb.Append(']');
                return;
            }
            if (s == null) s = Convert.ToString(v, CultureInfo.InvariantCulture);
            sb.Append('"');
            foreach (char c in s)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4"));
                else sb.Append(c);
            }
            sb.Append('"');
        }

        public static object Parse(string text)
        {
            int i = 0;
            object v = Value(text, ref i);
            return v;
        }

        static void Ws(string t, ref int i) { while (i < t.Length && char.IsWhiteSpace(t[i])) i++; }

        static object Value(string t, ref int i)
        {
            Ws(t, ref i);
            char c = t[i];
            if (c == '{')
            {
                var h = new Hashtable(StringComparer.OrdinalIgnoreCase);
                i++;
                Ws(t, ref i);
                if (t[i] == '}') { i++; return h; }
                for (;;)
                {
                    Ws(t, ref i);
                    string k = Str(t, ref i);
                    Ws(t, ref i);
                    i++; // ':'
                    h[k] = Value(t, ref i);
                    Ws(t, ref i);
                    if (t[i++] == '}') return h;
                }
            }
            if (c == '[')
            {
                var l = new List<object>();
                i++;
                Ws(t, ref i);
                if (t[i] == ']') { i++; return l.ToArray(); }
                for (;;)
                {
                    l.Add(Value(t, ref i));
                    Ws(t, ref i);
                    if (t[i++] == ']') return l.ToArray();
                }
            }
            if (c == '"') return Str(t, ref i);
            if (t.Substring(i).StartsWith("true")) { i += 4; return true; }
            if (t.Substring(i).StartsWith("false")) { i += 5; return false; }
            if (t.Substring(i).StartsWith("null")) { i += 4; return null; }
            int start = i;
            while (i < t.Length && "+-0123456789.eE".IndexOf(t[i]) >= 0) i++;
            string n = t.Substring(start, i - start);
            long l2;
            if (long.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out l2)) return l2;
            return double.Parse(n, CultureInfo.InvariantCulture);
        }

        static string Str(string t, ref int i)
        {
            var sb = new StringBuilder();
            i++;
            for (;;)
            {
                char c = t[i++];
                if (c == '"') return sb.ToString();
                if (c != '\\') { sb.Append(c); continue; }
                char e = t[i++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u': sb.Append((char)Convert.ToInt32(t.Substring(i, 4), 16)); i += 4; break;
                    default: sb.Append(e); break;
                }
            }
        }
    }
}
