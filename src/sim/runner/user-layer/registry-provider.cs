// The Registry provider of a user script's runspace in the simulator (HKLM:, HKCU:, Registry::HKEY_… paths): keys
// and values on the host model's registry through the registry façade verbs (host-call.cs), with Windows
// PowerShell 5.1's value types (DWord as Int32, QWord as Int64, Binary as byte[], MultiString as string[],
// ExpandString expanded on read) and its error texts. Keys are RegistryKey-like objects (Name, Property,
// SubKeyCount, ValueCount, GetValue, GetValueNames, GetValueKind, GetSubKeyNames), not live handles.
namespace WinbookSim
{
    using System;
    using System.Collections;
    using System.Collections.Generic;
    using System.Globalization;
    using System.IO;
    using System.Management.Automation;
    using System.Management.Automation.Provider;
    using Microsoft.Win32;

    public sealed class SimRegistryTypeParameter
    {
        [Parameter] public RegistryValueKind Type { get { return type; } set { type = value; Given = true; } }
        RegistryValueKind type;
        public bool Given;
    }

    [CmdletProvider("Registry", ProviderCapabilities.ShouldProcess)]
    public sealed class SimRegistryProvider : NavigationCmdletProvider, IDynamicPropertyCmdletProvider
    {
        static readonly string[][] Hives = {
            new[] { "HKEY_LOCAL_MACHINE", "HKLM" }, new[] { "HKEY_CURRENT_USER", "HKCU" }, new[] { "HKEY_USERS", "HKU" },
            new[] { "HKEY_CLASSES_ROOT", "HKCR" }, new[] { "HKEY_CURRENT_CONFIG", "HKCC" },
        };

        // Windows PowerShell 5.1 has the HKLM: and HKCU: drives; the other hives are reached as Registry::HKEY_….
        protected override System.Collections.ObjectModel.Collection<PSDriveInfo> InitializeDefaultDrives()
        {
            var drives = new System.Collections.ObjectModel.Collection<PSDriveInfo>();
            drives.Add(new PSDriveInfo("HKLM", ProviderInfo, "HKEY_LOCAL_MACHINE", "The configuration settings for the local computer", null));
            drives.Add(new PSDriveInfo("HKCU", ProviderInfo, "HKEY_CURRENT_USER", "The software settings for the current user", null));
            return drives;
        }

        protected override string MakePath(string parent, string child) { return WinPath.Make(parent, child); }
        protected override string GetParentPath(string path, string root) { return WinPath.Parent(path, root); }
        protected override string GetChildName(string path) { return WinPath.Child(path); }
        protected override bool IsValidPath(string path) { return !string.IsNullOrEmpty(path); }

        // HKEY_LOCAL_MACHINE\SOFTWARE\x (the provider's form) → HKLM:\SOFTWARE\x (the façade's); null outside a hive.
        static string Facade(string path)
        {
            string p = (path ?? "").Replace('/', '\\').Trim('\\');
            int i = p.IndexOf('\\');
            string hive = i < 0 ? p : p.Substring(0, i);
            string rest = i < 0 ? "" : p.Substring(i + 1);
            foreach (var h in Hives)
                if (string.Equals(hive, h[0], StringComparison.OrdinalIgnoreCase) || string.Equals(hive, h[1], StringComparison.OrdinalIgnoreCase)) return h[1] + ":\\" + rest;
            return null;
        }

        static string Regedit(string path)
        {
            string p = (path ?? "").Replace('/', '\\').Trim('\\');
            int i = p.IndexOf('\\');
            string hive = i < 0 ? p : p.Substring(0, i);
            foreach (var h in Hives)
                if (string.Equals(hive, h[0], StringComparison.OrdinalIgnoreCase) || string.Equals(hive, h[1], StringComparison.OrdinalIgnoreCase)) return h[0] + (i < 0 ? "" : p.Substring(i));
            return p;
        }

        object Key(string path)
        {
            string f = Facade(path);
            if (f == null) return null;
            object k = HostCall.Call(SessionState, "Get-WbRegistryKey", "Path", f);
            return Convert.ToBoolean(HostCall.Get(k, "Exists")) ? k : null;
        }

        static Exception Translate(Exception e, string path)
        {
            int code = HostCall.CodeOf(e);
            if (code == 5) return new System.Security.SecurityException("Requested registry access is not allowed.");
            if (code == 0) return e;
            return new IOException(e.Message);
        }

        void Fail(Exception e, string path, string verb)
        {
            Exception x = Translate(e, path);
            var cat = x is System.Security.SecurityException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError;
            WriteError(new ErrorRecord(x, x.GetType().FullName, cat, Regedit(path)));
        }

        // A value's data as RegistryKey.GetValue returns it (REG_EXPAND_SZ expanded in the agent's environment).
        object Data(object v)
        {
            string type = HostCall.Str(v, "Type");
            object d = HostCall.Get(v, "Data");
            switch (type)
            {
                case "REG_SZ": return d == null ? "" : d.ToString();
                case "REG_EXPAND_SZ": return HostCall.Call(SessionState, "Expand-WbEnvironmentString", "Text", d == null ? "" : d.ToString());
                case "REG_MULTI_SZ":
                    var l = new List<string>();
                    foreach (object x in (IEnumerable)(d ?? new object[0])) l.Add(x.ToString());
                    return l.ToArray();
                case "REG_DWORD": return unchecked((int)Convert.ToUInt32(d, CultureInfo.InvariantCulture));
                case "REG_QWORD": return unchecked((long)decimal.ToUInt64(Convert.ToDecimal(d, CultureInfo.InvariantCulture)));
                default: return Convert.FromBase64String(d == null ? "" : d.ToString());
            }
        }

        static RegistryValueKind KindOf(string type)
        {
            switch (type)
            {
                case "REG_SZ": return RegistryValueKind.String;
                case "REG_EXPAND_SZ": return RegistryValueKind.ExpandString;
                case "REG_MULTI_SZ": return RegistryValueKind.MultiString;
                case "REG_DWORD": return RegistryValueKind.DWord;
                case "REG_QWORD": return RegistryValueKind.QWord;
                case "REG_BINARY": return RegistryValueKind.Binary;
                default: return RegistryValueKind.None;
            }
        }

        object FindValue(object key, string name)
        {
            foreach (object v in (IEnumerable)(HostCall.Get(key, "Values") ?? new object[0]))
                if (string.Equals(HostCall.Str(v, "Name"), name, StringComparison.OrdinalIgnoreCase)) return v;
            return null;
        }

        static string Shown(string name) { return name.Length == 0 ? "(default)" : name; }

        PSObject KeyObject(object key)
        {
            var o = new PSObject();
            o.TypeNames.Clear();
            o.TypeNames.Add("Microsoft.Win32.RegistryKey");
            o.TypeNames.Add("System.MarshalByRefObject");
            o.TypeNames.Add("System.Object");
            var names = new List<string>();
            var data = new Hashtable(StringComparer.OrdinalIgnoreCase);
            var kinds = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (object v in (IEnumerable)(HostCall.Get(key, "Values") ?? new object[0]))
            {
                string n = HostCall.Str(v, "Name") ?? "";
                names.Add(n);
                data[n] = Data(v);
                kinds[n] = KindOf(HostCall.Str(v, "Type"));
            }
            var subs = new List<string>();
            foreach (object s in (IEnumerable)(HostCall.Get(key, "SubKeys") ?? new object[0])) subs.Add(s.ToString());
            o.Properties.Add(new PSNoteProperty("Name", HostCall.Str(key, "Name")));
            o.Properties.Add(new PSNoteProperty("Property", names.ConvertAll(Shown).ToArray()));
            o.Properties.Add(new PSNoteProperty("SubKeyCount", subs.Count));
            o.Properties.Add(new PSNoteProperty("ValueCount", names.Count));
            o.Properties.Add(new PSNoteProperty("View", "Default"));
            o.Properties.Add(new PSNoteProperty("__Values", data));
            o.Properties.Add(new PSNoteProperty("__Kinds", kinds));
            o.Properties.Add(new PSNoteProperty("__SubKeys", subs.ToArray()));
            o.Methods.Add(new PSScriptMethod("GetValue", ScriptBlock.Create("param([string]$Name, $DefaultValue) if ($this.__Values.ContainsKey($Name)) { , $this.__Values[$Name] } else { $DefaultValue }")));
            o.Methods.Add(new PSScriptMethod("GetValueNames", ScriptBlock.Create(", [string[]]@($this.__Values.Keys | Sort-Object)")));
            o.Methods.Add(new PSScriptMethod("GetValueKind", ScriptBlock.Create("param([string]$Name) if (-not $this.__Kinds.ContainsKey($Name)) { throw (New-Object System.IO.IOException 'The specified registry key does not exist.') }; $this.__Kinds[$Name]")));
            o.Methods.Add(new PSScriptMethod("GetSubKeyNames", ScriptBlock.Create(", [string[]]$this.__SubKeys")));
            o.Methods.Add(new PSScriptMethod("ToString", ScriptBlock.Create("$this.Name")));
            return o;
        }

        protected override bool ItemExists(string path)
        {
            try { return Key(path) != null; }
            catch (Exception) { return false; }
        }

        protected override bool IsItemContainer(string path) { return ItemExists(path); }

        protected override void GetItem(string path)
        {
            try
            {
                object k = Key(path);
                if (k != null) WriteItemObject(KeyObject(k), path, true);
            }
            catch (Exception e) { Fail(e, path, "Get"); }
        }

        void List(string path, bool recurse, uint depth, bool names)
        {
            object k;
            try { k = Key(path); }
            catch (Exception e) { Fail(e, path, "List"); return; }
            if (k == null) return;
            var subs = new List<string>();
            foreach (object s in (IEnumerable)(HostCall.Get(k, "SubKeys") ?? new object[0])) subs.Add(s.ToString());
            subs.Sort(StringComparer.OrdinalIgnoreCase);
            foreach (string s in subs)
            {
                if (Stopping) return;
                string child = WinPath.Make(path, s);
                if (names) WriteItemObject(s, child, true);
                else
                {
                    object ck = Key(child);
                    if (ck != null && (string.IsNullOrEmpty(Filter) || new WildcardPattern(Filter, WildcardOptions.IgnoreCase).IsMatch(s))) WriteItemObject(KeyObject(ck), child, true);
                    if (recurse && depth > 0) List(child, true, depth == uint.MaxValue ? depth : depth - 1, false);
                }
            }
        }

        protected override void GetChildItems(string path, bool recurse) { List(path, recurse, uint.MaxValue, false); }
        protected override void GetChildItems(string path, bool recurse, uint depth) { List(path, recurse, depth, false); }
        protected override void GetChildNames(string path, ReturnContainers returnContainers) { List(path, false, 0, true); }

        protected override bool HasChildItems(string path)
        {
            try { object k = Key(path); return k != null && ((object[])HostCall.Get(k, "SubKeys")).Length > 0; }
            catch (Exception) { return false; }
        }

        protected override void NewItem(string path, string itemTypeName, object newItemValue)
        {
            string f = Facade(path);
            if (!ShouldProcess("Item: " + Regedit(path), "New Item")) return;
            try
            {
                if (Key(path) != null)
                {
                    if (!Force)
                    {
                        WriteError(new ErrorRecord(new IOException("A key at this path already exists."), "System.IO.IOException", ErrorCategory.ResourceExists, Regedit(path)));
                        return;
                    }
                    // Windows PowerShell 5.1: -Force on an existing key deletes it (values and sub-keys) and creates it anew.
                    HostCall.Call(SessionState, "Remove-WbRegistryKey", "Path", f, "Recurse", true);
                }
                HostCall.Call(SessionState, "New-WbRegistryKey", "Path", f);
                if (newItemValue != null) SetValue(path, "", PSObject.AsPSObject(newItemValue).BaseObject, RegistryValueKind.Unknown);
                GetItem(path);
            }
            catch (Exception e) { Fail(e, path, "New"); }
        }

        protected override void RemoveItem(string path, bool recurse)
        {
            if (!ShouldProcess(Regedit(path), "Remove Key")) return;
            try { HostCall.Call(SessionState, "Remove-WbRegistryKey", "Path", Facade(path), "Recurse", true); }
            catch (Exception e) { Fail(e, path, "Remove"); }
        }

        // RegistryKey.SetValue(name, value, kind): data converted to the kind as the provider converts it; Unknown
        // takes the kind from the .NET type (Int32 → DWord, string[] → MultiString, byte[] → Binary, else String).
        void SetValue(string path, string name, object value, RegistryValueKind kind)
        {
            if (value is PSObject) value = ((PSObject)value).BaseObject;
            if (kind == RegistryValueKind.Unknown)
            {
                if (value is int) kind = RegistryValueKind.DWord;
                else if (value is string[] || value is object[]) kind = RegistryValueKind.MultiString;
                else if (value is byte[]) kind = RegistryValueKind.Binary;
                else kind = RegistryValueKind.String;
            }
            var args = new List<object> { "Path", Facade(path), "Name", name, "Kind", kind.ToString() };
            switch (kind)
            {
                case RegistryValueKind.String:
                case RegistryValueKind.ExpandString:
                    args.Add("String"); args.Add(value == null ? "" : (string)LanguagePrimitives.ConvertTo(value, typeof(string), CultureInfo.InvariantCulture)); break;
                case RegistryValueKind.MultiString:
                    args.Add("MultiString"); args.Add(value == null ? new string[0] : (string[])LanguagePrimitives.ConvertTo(value, typeof(string[]), CultureInfo.InvariantCulture)); break;
                case RegistryValueKind.DWord:
                    args.Add("Number"); args.Add(value == null ? 0L : (long)unchecked((uint)(int)LanguagePrimitives.ConvertTo(value, typeof(int), CultureInfo.InvariantCulture))); break;
                case RegistryValueKind.QWord:
                    args.Add("Number"); args.Add(value == null ? 0L : (long)LanguagePrimitives.ConvertTo(value, typeof(long), CultureInfo.InvariantCulture)); break;
                default:
                    args.Add("Binary"); args.Add(Convert.ToBase64String(value == null ? new byte[0] : (byte[])LanguagePrimitives.ConvertTo(value, typeof(byte[]), CultureInfo.InvariantCulture))); break;
            }
            HostCall.Call(SessionState, "Set-WbRegistryValue", args.ToArray());
        }

        static string ValueName(string name) { return string.Equals(name, "(default)", StringComparison.OrdinalIgnoreCase) ? "" : name; }

        PSArgumentException Missing(string name, string path)
        {
            return new PSArgumentException("Property " + name + " does not exist at path " + Regedit(path) + ".");
        }

        public void GetProperty(string path, System.Collections.ObjectModel.Collection<string> providerSpecificPickList)
        {
            object k;
            try { k = Key(path); }
            catch (Exception e) { Fail(e, path, "Get"); return; }
            if (k == null) return;
            var o = new PSObject();
            if (providerSpecificPickList == null || providerSpecificPickList.Count == 0)
            {
                foreach (object v in (IEnumerable)(HostCall.Get(k, "Values") ?? new object[0])) o.Properties.Add(new PSNoteProperty(Shown(HostCall.Str(v, "Name") ?? ""), Data(v)));
            }
            else
            {
                foreach (string want in providerSpecificPickList)
                {
                    bool found = false;
                    var pattern = new WildcardPattern(want, WildcardOptions.IgnoreCase);
                    foreach (object v in (IEnumerable)(HostCall.Get(k, "Values") ?? new object[0]))
                    {
                        string n = Shown(HostCall.Str(v, "Name") ?? "");
                        if (!pattern.IsMatch(n)) continue;
                        found = true;
                        if (o.Properties[n] == null) o.Properties.Add(new PSNoteProperty(n, Data(v)));
                    }
                    if (!found && !WildcardPattern.ContainsWildcardCharacters(want))
                        WriteError(new ErrorRecord(Missing(want, path), "System.Management.Automation.PSArgumentException", ErrorCategory.InvalidArgument, want));
                }
            }
            int count = 0;
            foreach (var p in o.Properties) count++;
            if (count > 0) WritePropertyObject(o, path);
        }

        public object GetPropertyDynamicParameters(string path, System.Collections.ObjectModel.Collection<string> providerSpecificPickList) { return null; }

        public void SetProperty(string path, PSObject propertyValue)
        {
            var p = DynamicParameters as SimRegistryTypeParameter;
            try
            {
                object k = Key(path);
                if (k == null) return;
                foreach (PSPropertyInfo prop in propertyValue.Properties)
                {
                    string name = ValueName(prop.Name);
                    if (!ShouldProcess("Item: " + Regedit(path) + " Property: " + prop.Name, "Set Property")) continue;
                    object have = FindValue(k, name);
                    RegistryValueKind kind = p != null && p.Given ? p.Type : have != null ? KindOf(HostCall.Str(have, "Type")) : RegistryValueKind.Unknown;
                    SetValue(path, name, prop.Value, kind);
                }
            }
            catch (Exception e) { Fail(e, path, "Set"); }
        }

        public object SetPropertyDynamicParameters(string path, PSObject propertyValue) { return new SimRegistryTypeParameter(); }

        public void ClearProperty(string path, System.Collections.ObjectModel.Collection<string> propertyToClear)
        {
            try
            {
                object k = Key(path);
                if (k == null) return;
                foreach (string n in propertyToClear)
                {
                    object have = FindValue(k, ValueName(n));
                    if (have == null) { WriteError(new ErrorRecord(Missing(n, path), "System.Management.Automation.PSArgumentException", ErrorCategory.InvalidArgument, n)); continue; }
                    if (!ShouldProcess("Item: " + Regedit(path) + " Property: " + n, "Clear Property")) continue;
                    SetValue(path, ValueName(n), null, KindOf(HostCall.Str(have, "Type")));
                }
            }
            catch (Exception e) { Fail(e, path, "Clear"); }
        }

        public object ClearPropertyDynamicParameters(string path, System.Collections.ObjectModel.Collection<string> propertyToClear) { return null; }

        public void NewProperty(string path, string propertyName, string propertyTypeName, object value)
        {
            RegistryValueKind kind = RegistryValueKind.Unknown;
            if (!string.IsNullOrEmpty(propertyTypeName))
            {
                try { kind = (RegistryValueKind)Enum.Parse(typeof(RegistryValueKind), propertyTypeName, true); }
                catch (ArgumentException)
                {
                    WriteError(new ErrorRecord(new ArgumentException("The property type '" + propertyTypeName + "' is not valid. Use one of: String, ExpandString, Binary, DWord, MultiString, QWord, Unknown."), "System.ArgumentException", ErrorCategory.InvalidArgument, propertyTypeName));
                    return;
                }
            }
            if (!ShouldProcess("Item: " + Regedit(path) + " Property: " + propertyName, "New Property")) return;
            try
            {
                object k = Key(path);
                if (k == null) return;
                if (FindValue(k, ValueName(propertyName)) != null && !Force)
                {
                    WriteError(new ErrorRecord(new IOException("The property already exists."), "System.IO.IOException", ErrorCategory.ResourceExists, path));
                    return;
                }
                SetValue(path, ValueName(propertyName), value, kind);
                var pick = new System.Collections.ObjectModel.Collection<string>();
                pick.Add(propertyName);
                GetProperty(path, pick);
            }
            catch (Exception e) { Fail(e, path, "New"); }
        }

        public object NewPropertyDynamicParameters(string path, string propertyName, string propertyTypeName, object value) { return null; }

        public void RemoveProperty(string path, string propertyName)
        {
            try
            {
                object k = Key(path);
                if (k == null) return;
                if (FindValue(k, ValueName(propertyName)) == null)
                {
                    WriteError(new ErrorRecord(Missing(propertyName, path), "System.Management.Automation.PSArgumentException", ErrorCategory.InvalidArgument, propertyName));
                    return;
                }
                if (!ShouldProcess("Item: " + Regedit(path) + " Property: " + propertyName, "Remove Property")) return;
                HostCall.Call(SessionState, "Remove-WbRegistryValue", "Path", Facade(path), "Name", ValueName(propertyName));
            }
            catch (Exception e) { Fail(e, path, "Remove"); }
        }

        public object RemovePropertyDynamicParameters(string path, string propertyName) { return null; }

        void NotModelled(string what, string path)
        {
            WriteError(new ErrorRecord(new PSNotSupportedException("winbook simulator: " + what + " is not modelled for the registry; use Get-ItemProperty, New-ItemProperty and Remove-ItemProperty"), "NotModelled", ErrorCategory.NotImplemented, path));
        }

        public void RenameProperty(string path, string sourceProperty, string destinationProperty) { NotModelled("Rename-ItemProperty", path); }
        public object RenamePropertyDynamicParameters(string path, string sourceProperty, string destinationProperty) { return null; }
        public void CopyProperty(string sourcePath, string sourceProperty, string destinationPath, string destinationProperty) { NotModelled("Copy-ItemProperty", sourcePath); }
        public object CopyPropertyDynamicParameters(string sourcePath, string sourceProperty, string destinationPath, string destinationProperty) { return null; }
        public void MoveProperty(string sourcePath, string sourceProperty, string destinationPath, string destinationProperty) { NotModelled("Move-ItemProperty", sourcePath); }
        public object MovePropertyDynamicParameters(string sourcePath, string sourceProperty, string destinationPath, string destinationProperty) { return null; }
    }
}
