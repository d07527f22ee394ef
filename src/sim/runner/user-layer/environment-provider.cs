// The Environment provider of a user script's runspace in the simulator (the env: drive, $env:NAME): the agent
// process's environment block on the host model, read and written through the agent façade verbs (host-call.cs).
// As on Windows, a change lasts for the process (the task's run), never in the registry:
// [Environment]::SetEnvironmentVariable(name, value, 'Machine') is .NET and does not reach the model.
namespace WinbookSim
{
    using System;
    using System.Collections;
    using System.Collections.Generic;
    using System.Globalization;
    using System.IO;
    using System.Management.Automation;
    using System.Management.Automation.Provider;

    [CmdletProvider("Environment", ProviderCapabilities.ShouldProcess)]
    public sealed class SimEnvironmentProvider : ContainerCmdletProvider, IContentCmdletProvider
    {
        protected override System.Collections.ObjectModel.Collection<PSDriveInfo> InitializeDefaultDrives()
        {
            var drives = new System.Collections.ObjectModel.Collection<PSDriveInfo>();
            drives.Add(new PSDriveInfo("Env", ProviderInfo, "", "Drive containing the environment variables for the process", null));
            return drives;
        }

        static string Name(string path) { return (path ?? "").Replace('/', '\\').Trim('\\'); }

        // The whole block as Windows built it at logon plus what the process set (Get-WbProcessEnvironment has only
        // the latter).
        string Value(string name)
        {
            var block = HostCall.Call(SessionState, "Get-WbProcessEnvironmentBlock") as IDictionary;
            if (block == null) return null;
            foreach (DictionaryEntry e in block)
                if (string.Equals(e.Key.ToString(), name, StringComparison.OrdinalIgnoreCase)) return e.Value == null ? null : e.Value.ToString();
            return null;
        }

        protected override bool IsValidPath(string path) { return true; }

        protected override bool ItemExists(string path)
        {
            string n = Name(path);
            return n.Length == 0 || Value(n) != null;
        }

        protected override void GetItem(string path)
        {
            string n = Name(path);
            if (n.Length == 0) { WriteItemObject(PSDriveInfo, path, true); return; }
            string v = Value(n);
            if (v != null) WriteItemObject(new DictionaryEntry(n, v), n, false);
        }

        protected override void SetItem(string path, object value)
        {
            string n = Name(path);
            if (!ShouldProcess("Name: " + n + " Value: " + value, "Set Item")) return;
            Set(n, value);
        }

        internal void Set(string name, object value)
        {
            string v = value == null ? null : PSObject.AsPSObject(value).ToString();
            HostCall.Call(SessionState, "Set-WbProcessEnvironment", "Name", name, "Value", string.IsNullOrEmpty(v) ? null : v);
        }

        protected override void ClearItem(string path)
        {
            string n = Name(path);
            if (!ShouldProcess("Item: " + n, "Clear Item")) return;
            Set(n, null);
        }

        protected override void GetChildItems(string path, bool recurse)
        {
            var block = HostCall.Call(SessionState, "Get-WbProcessEnvironmentBlock") as IDictionary;
            if (block == null) return;
            var names = new List<string>();
            foreach (object k in block.Keys) names.Add(k.ToString());
            names.Sort(StringComparer.OrdinalIgnoreCase);
            foreach (string n in names)
                if (string.IsNullOrEmpty(Filter) || new WildcardPattern(Filter, WildcardOptions.IgnoreCase).IsMatch(n)) WriteItemObject(new DictionaryEntry(n, Convert.ToString(block[n], CultureInfo.InvariantCulture)), n, false);
        }

        protected override void GetChildNames(string path, ReturnContainers returnContainers)
        {
            var block = HostCall.Call(SessionState, "Get-WbProcessEnvironmentBlock") as IDictionary;
            if (block == null) return;
            foreach (object k in block.Keys) WriteItemObject(k.ToString(), k.ToString(), false);
        }

        protected override bool HasChildItems(string path) { return Name(path).Length == 0; }

        protected override void NewItem(string path, string itemTypeName, object newItemValue)
        {
            string n = Name(path);
            if (!ShouldProcess("Destination: " + n, "New Item")) return;
            if (Value(n) != null && !Force)
            {
                WriteError(new ErrorRecord(new IOException("The item at path '" + n + "' already exists."), "NewItemAlreadyExists", ErrorCategory.ResourceExists, n));
                return;
            }
            Set(n, newItemValue);
            GetItem(n);
        }

        protected override void RemoveItem(string path, bool recurse)
        {
            string n = Name(path);
            if (!ShouldProcess("Item: " + n, "Remove Item")) return;
            Set(n, null);
        }

        protected override void RenameItem(string path, string newName)
        {
            string n = Name(path);
            string v = Value(n);
            if (!ShouldProcess("Item: " + n + " Destination: " + newName, "Rename Item")) return;
            Set(newName, v);
            Set(n, null);
        }

        protected override void CopyItem(string path, string copyPath, bool recurse)
        {
            string n = Name(path);
            if (!ShouldProcess("Item: " + n + " Destination: " + Name(copyPath), "Copy Item")) return;
            Set(Name(copyPath), Value(n));
        }

        // $env:NAME reads and writes go through the content interface.
        public IContentReader GetContentReader(string path)
        {
            string v = Value(Name(path));
            return new SimContentReader(v ?? "", null, true);
        }

        public object GetContentReaderDynamicParameters(string path) { return null; }
        public IContentWriter GetContentWriter(string path) { return new EnvWriter(this, Name(path)); }
        public object GetContentWriterDynamicParameters(string path) { return null; }
        public void ClearContent(string path) { Set(Name(path), null); }
        public object ClearContentDynamicParameters(string path) { return null; }

        sealed class EnvWriter : IContentWriter
        {
            readonly SimEnvironmentProvider provider;
            readonly string name;
            public EnvWriter(SimEnvironmentProvider provider, string name) { this.provider = provider; this.name = name; }
            public IList Write(IList content)
            {
                object v = content.Count == 1 ? content[0] : content.Count == 0 ? null : string.Join(" ", new List<object>((IEnumerable<object>)content).ConvertAll(Convert.ToString).ToArray());
                provider.Set(name, v);
                return content;
            }
            public void Seek(long offset, SeekOrigin origin) { }
            public void Close() { }
            public void Dispose() { }
        }
    }
}
