// The FileSystem provider of a user script's runspace in the simulator: the drives of the simulated volume (C:),
// every operation a façade verb on the host model (host-call.cs), so Windows PowerShell's own item and content
// cmdlets (Test-Path, Get-Item, New-Item, Set-Content…) run unchanged and raise their own error records from the
// exceptions .NET's file APIs throw on Windows ("Access to the path '…' is denied.", "Could not find a part of the
// path '…'."). Item objects carry the FileInfo/DirectoryInfo properties scripts read; they are not live .NET objects.
namespace Microsoft.PowerShell.Commands
{
    // Windows PowerShell 5.1's -Encoding values for the file system's content cmdlets (PowerShell 7 took System.Text
    // .Encoding and added utf8NoBOM and friends, which 5.1 refuses).
    public enum FileSystemCmdletProviderEncoding { Unknown, String, Unicode, Byte, BigEndianUnicode, UTF8, UTF7, UTF32, Ascii, Default, Oem, BigEndianUTF32 }
}

namespace WinbookSim
{
    using System;
    using System.Collections;
    using System.Collections.Generic;
    using System.ComponentModel;
    using System.Globalization;
    using System.IO;
    using System.Management.Automation;
    using System.Management.Automation.Provider;
    using System.Text;
    using Microsoft.PowerShell.Commands;

    public sealed class SimContentReaderParameters
    {
        [Parameter] public FileSystemCmdletProviderEncoding Encoding { get { return encoding; } set { encoding = value; EncodingGiven = true; } }
        [Parameter] public SwitchParameter Raw { get; set; }
        FileSystemCmdletProviderEncoding encoding;
        public bool EncodingGiven;
    }

    public sealed class SimContentWriterParameters
    {
        [Parameter] public FileSystemCmdletProviderEncoding Encoding { get { return encoding; } set { encoding = value; EncodingGiven = true; } }
        [Parameter] public SwitchParameter NoNewline { get; set; }
        FileSystemCmdletProviderEncoding encoding;
        public bool EncodingGiven;
    }

    public sealed class SimChildItemParameters
    {
        [Parameter] public SwitchParameter Directory { get; set; }
        [Parameter] public SwitchParameter File { get; set; }
        [Parameter] public SwitchParameter Hidden { get; set; }
    }

    public static class WinPath
    {
        public static string Make(string parent, string child)
        {
            parent = (parent ?? "").Replace('/', '\\');
            child = (child ?? "").Replace('/', '\\');
            if (parent.Length == 0) return child;
            if (child.Length == 0) return parent;
            return parent.TrimEnd('\\') + "\\" + child.TrimStart('\\');
        }

        public static string Parent(string path, string root)
        {
            string p = (path ?? "").Replace('/', '\\').TrimEnd('\\');
            if (!string.IsNullOrEmpty(root) && string.Equals(p, root.Replace('/', '\\').TrimEnd('\\'), StringComparison.OrdinalIgnoreCase)) return "";
            int i = p.LastIndexOf('\\');
            if (i < 0) return "";
            // The parent of C:\x is the drive's root, C:\ (with its separator).
            if (i == 2 && p[1] == ':') return p.Substring(0, 3);
            return p.Substring(0, i);
        }

        public static string Child(string path)
        {
            string p = (path ?? "").Replace('/', '\\').TrimEnd('\\');
            int i = p.LastIndexOf('\\');
            return i < 0 ? p : p.Substring(i + 1);
        }
    }

    public static class WinEncoding
    {
        // Windows PowerShell 5.1 on an en-US host: ANSI is code page 1252, OEM 437.
        public static Encoding Of(FileSystemCmdletProviderEncoding e)
        {
            switch (e)
            {
                case FileSystemCmdletProviderEncoding.Unknown:
                case FileSystemCmdletProviderEncoding.String:
                case FileSystemCmdletProviderEncoding.Unicode: return new UnicodeEncoding(false, true);
                case FileSystemCmdletProviderEncoding.BigEndianUnicode: return new UnicodeEncoding(true, true);
                case FileSystemCmdletProviderEncoding.UTF8: return new UTF8Encoding(true);
                // UTF7Encoding by reflection: .NET 5+ marks its constructor obsolete (an error in Add-Type), 5.1 still has it.
                case FileSystemCmdletProviderEncoding.UTF7: return (Encoding)Activator.CreateInstance(typeof(Encoding).Assembly.GetType("System.Text.UTF7Encoding"));
                case FileSystemCmdletProviderEncoding.UTF32: return new UTF32Encoding(false, true);
                case FileSystemCmdletProviderEncoding.BigEndianUTF32: return new UTF32Encoding(true, true);
                case FileSystemCmdletProviderEncoding.Ascii: return new ASCIIEncoding();
                case FileSystemCmdletProviderEncoding.Oem: return System.Text.Encoding.GetEncoding(437);
                default: return System.Text.Encoding.GetEncoding(1252);
            }
        }

        // StreamReader's byte order mark detection, ANSI when there is none (5.1's Get-Content).
        public static string Decode(byte[] data, Encoding given)
        {
            using (var r = new StreamReader(new MemoryStream(data), given ?? System.Text.Encoding.GetEncoding(1252), true)) return r.ReadToEnd();
        }
    }

    [CmdletProvider("FileSystem", ProviderCapabilities.Filter | ProviderCapabilities.ShouldProcess)]
    public sealed class SimFileSystemProvider : NavigationCmdletProvider, IContentCmdletProvider
    {
        // The simulated volume's drive (the model has one volume).
        protected override System.Collections.ObjectModel.Collection<PSDriveInfo> InitializeDefaultDrives()
        {
            var drives = new System.Collections.ObjectModel.Collection<PSDriveInfo>();
            drives.Add(new PSDriveInfo("C", ProviderInfo, "C:\\", "Local Fixed Disk", null));
            return drives;
        }

        // Paths with Windows' separator: pwsh on Linux would join and split them with '/'.
        protected override string MakePath(string parent, string child) { return WinPath.Make(parent, child); }
        protected override string GetParentPath(string path, string root) { return WinPath.Parent(path, root); }
        protected override string GetChildName(string path) { return WinPath.Child(path); }

        internal static string Norm(string path)
        {
            if (string.IsNullOrEmpty(path)) return path;
            string p = path.Replace('/', '\\');
            if (p.Length == 2 && p[1] == ':') return p + "\\";
            while (p.Length > 3 && p.EndsWith("\\")) p = p.Substring(0, p.Length - 1);
            return p;
        }

        // What .NET's file APIs throw on Windows for these Win32 errors, with their texts.
        internal static Exception Translate(Exception e, string path)
        {
            switch (HostCall.CodeOf(e))
            {
                case 2: return new FileNotFoundException("Could not find file '" + path + "'.", path);
                case 3: return new DirectoryNotFoundException("Could not find a part of the path '" + path + "'.");
                case 5: return new UnauthorizedAccessException("Access to the path '" + path + "' is denied.");
                case 32: return new IOException("The process cannot access the file '" + path + "' because it is being used by another process.");
                case 80:
                case 183: return new IOException("The file '" + path + "' already exists.");
                case 0: return e;
                default: return new IOException(e.Message);
            }
        }

        void Fail(Exception e, string path, string deniedId, string ioId)
        {
            Exception x = Translate(e, path);
            if (x is UnauthorizedAccessException) WriteError(new ErrorRecord(x, deniedId, ErrorCategory.PermissionDenied, path));
            else if (x is IOException) WriteError(new ErrorRecord(x, ioId, ErrorCategory.WriteError, path));
            else throw x;
        }

        object Stat(string path)
        {
            // A path that is not a Windows drive path (the Linux working folder pwsh tries first when a runspace
            // opens) names nothing on the simulated volume.
            if (path == null || path.Length < 2 || path[1] != ':') return null;
            try { return HostCall.Call(SessionState, "Sim-GetItem", "Path", path); }
            catch (Exception e) { if (HostCall.CodeOf(e) == 123) return null; throw; }
        }

        internal static DateTime Time(object seconds)
        {
            double s = Convert.ToDouble(seconds ?? 0, CultureInfo.InvariantCulture);
            return new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(s).ToLocalTime();
        }

        // A FileInfo/DirectoryInfo as scripts read it: the properties, 5.1's Mode, the type names formatting uses.
        PSObject ItemObject(object item)
        {
            bool dir = HostCall.Str(item, "Type") == "directory";
            string full = HostCall.Str(item, "Path");
            string name = HostCall.Str(item, "Name");
            var attrNames = new List<string>();
            foreach (object a in (IEnumerable)(HostCall.Get(item, "Attributes") ?? new object[0])) attrNames.Add(a.ToString());
            var attrs = (FileAttributes)Enum.Parse(typeof(FileAttributes), attrNames.Count == 0 ? "Normal" : string.Join(",", attrNames.ToArray()));
            var o = new PSObject();
            o.TypeNames.Clear();
            if (dir) o.TypeNames.Add("System.IO.DirectoryInfo"); else o.TypeNames.Add("System.IO.FileInfo");
            o.TypeNames.Add("System.IO.FileSystemInfo");
            o.TypeNames.Add("System.MarshalByRefObject");
            o.TypeNames.Add("System.Object");
            string ext = HostCall.Str(item, "Extension") ?? "";
            string parent = full.Length > 3 && full.LastIndexOf('\\') >= 2 ? full.Substring(0, Math.Max(full.LastIndexOf('\\'), 3)) : null;
            var mode = new StringBuilder();
            mode.Append(dir ? 'd' : '-');
            mode.Append((attrs & FileAttributes.Archive) != 0 ? 'a' : '-');
            mode.Append((attrs & FileAttributes.ReadOnly) != 0 ? 'r' : '-');
            mode.Append((attrs & FileAttributes.Hidden) != 0 ? 'h' : '-');
            mode.Append((attrs & FileAttributes.System) != 0 ? 's' : '-');
            mode.Append((attrs & FileAttributes.ReparsePoint) != 0 ? 'l' : '-');
            o.Properties.Add(new PSNoteProperty("Mode", mode.ToString()));
            o.Properties.Add(new PSNoteProperty("Name", name));
            o.Properties.Add(new PSNoteProperty("FullName", full));
            o.Properties.Add(new PSNoteProperty("Exists", true));
            o.Properties.Add(new PSNoteProperty("Extension", ext));
            o.Properties.Add(new PSNoteProperty("BaseName", dir || ext.Length == 0 ? name : name.Substring(0, name.Length - ext.Length)));
            o.Properties.Add(new PSNoteProperty("Attributes", attrs));
            // Parent (DirectoryInfo) and Directory (FileInfo): the folder above, fetched when a script reads it.
            if (parent != null) o.Properties.Add(new PSNoteProperty("__ParentPath", parent));
            o.Properties.Add(new PSScriptProperty(dir ? "Parent" : "Directory", ScriptBlock.Create("if ($this.PSObject.Properties['__ParentPath']) { Get-Item -LiteralPath $this.__ParentPath -Force }")));
            if (!dir)
            {
                o.Properties.Add(new PSNoteProperty("Length", Convert.ToInt64(HostCall.Get(item, "Size") ?? 0L, CultureInfo.InvariantCulture)));
                o.Properties.Add(new PSNoteProperty("DirectoryName", parent));
                o.Properties.Add(new PSNoteProperty("IsReadOnly", (attrs & FileAttributes.ReadOnly) != 0));
            }
            DateTime c = Time(HostCall.Get(item, "CreationTime")), w = Time(HostCall.Get(item, "LastWriteTime")), r = Time(HostCall.Get(item, "LastAccessTime"));
            o.Properties.Add(new PSNoteProperty("CreationTime", c));
            o.Properties.Add(new PSNoteProperty("CreationTimeUtc", c.ToUniversalTime()));
            o.Properties.Add(new PSNoteProperty("LastAccessTime", r));
            o.Properties.Add(new PSNoteProperty("LastAccessTimeUtc", r.ToUniversalTime()));
            o.Properties.Add(new PSNoteProperty("LastWriteTime", w));
            o.Properties.Add(new PSNoteProperty("LastWriteTimeUtc", w.ToUniversalTime()));
            return o;
        }

        protected override bool IsValidPath(string path) { return !string.IsNullOrEmpty(path); }

        protected override bool ItemExists(string path)
        {
            try { return Stat(Norm(path)) != null; }
            catch (Exception) { return false; }
        }

        protected override bool IsItemContainer(string path)
        {
            try { return HostCall.Str(Stat(Norm(path)), "Type") == "directory"; }
            catch (Exception) { return false; }
        }

        protected override void GetItem(string path)
        {
            path = Norm(path);
            object item;
            try { item = Stat(path); }
            catch (Exception e) { Fail(e, path, "GetItemUnauthorizedAccessError", "GetItemIOError"); return; }
            if (item == null) return;
            WriteItemObject(ItemObject(item), HostCall.Str(item, "Path"), HostCall.Str(item, "Type") == "directory");
        }

        object[] Children(string path, bool recurse)
        {
            return (object[])HostCall.Call(SessionState, "Get-WbChildItem", "Path", path, "Recurse", recurse);
        }

        bool Wanted(object item, bool forNames)
        {
            bool dir = HostCall.Str(item, "Type") == "directory";
            bool hidden = Convert.ToBoolean(HostCall.Get(item, "IsHidden") ?? false);
            var p = DynamicParameters as SimChildItemParameters;
            if (p != null && !forNames)
            {
                if (p.Directory && !dir) return false;
                if (p.File && dir) return false;
                if (p.Hidden && !hidden) return false;
                if (p.Hidden) return true;
            }
            if (hidden && !Force) return false;
            // -Filter is the file system's own name match (FindFirstFile), applied to files and folders alike.
            if (!forNames && !string.IsNullOrEmpty(Filter) && !new WildcardPattern(Filter, WildcardOptions.IgnoreCase).IsMatch(HostCall.Str(item, "Name"))) return false;
            return true;
        }

        // As Windows PowerShell lists a folder: its sub-folders, then its files (each by name), then, with -Recurse,
        // each sub-folder's listing in turn.
        void List(string path, bool recurse, uint depth, bool names, ReturnContainers rc)
        {
            object[] all;
            try { all = Children(path, false); }
            catch (Exception e) { Fail(e, path, "DirUnauthorizedAccessError", "DirIOError"); return; }
            var dirs = new List<object>();
            var files = new List<object>();
            foreach (object i in all) { if (HostCall.Str(i, "Type") == "directory") dirs.Add(i); else files.Add(i); }
            foreach (var group in new[] { dirs, files })
                foreach (object i in group)
                {
                    if (Stopping) return;
                    bool dir = HostCall.Str(i, "Type") == "directory";
                    if (names)
                    {
                        if (Wanted(i, true)) WriteItemObject(HostCall.Str(i, "Name"), HostCall.Str(i, "Path"), dir);
                    }
                    else if (Wanted(i, false)) WriteItemObject(ItemObject(i), HostCall.Str(i, "Path"), dir);
                }
            if (!recurse || depth == 0) return;
            foreach (object d in dirs)
            {
                bool hidden = Convert.ToBoolean(HostCall.Get(d, "IsHidden") ?? false);
                if (hidden && !Force) continue;
                List(HostCall.Str(d, "Path"), true, depth == uint.MaxValue ? depth : depth - 1, names, rc);
            }
        }

        protected override void GetChildItems(string path, bool recurse) { GetChildItems(path, recurse, uint.MaxValue); }

        protected override void GetChildItems(string path, bool recurse, uint depth)
        {
            path = Norm(path);
            object item = Stat(path);
            if (item == null) return;
            if (HostCall.Str(item, "Type") != "directory") { WriteItemObject(ItemObject(item), path, false); return; }
            List(path, recurse, depth, false, ReturnContainers.ReturnAllContainers);
        }

        protected override object GetChildItemsDynamicParameters(string path, bool recurse) { return new SimChildItemParameters(); }

        protected override void GetChildNames(string path, ReturnContainers returnContainers) { List(Norm(path), false, 0, true, returnContainers); }

        protected override bool HasChildItems(string path)
        {
            try { return Children(Norm(path), false).Length > 0; }
            catch (Exception) { return false; }
        }

        protected override void NewItem(string path, string itemTypeName, object newItemValue)
        {
            path = Norm(path);
            string type = string.IsNullOrEmpty(itemTypeName) ? "file" : itemTypeName.ToLowerInvariant();
            bool dir;
            if (type == "file") dir = false;
            else if (type == "directory" || type == "container") dir = true;
            else
            {
                WriteError(new ErrorRecord(new NotSupportedException("winbook simulator: New-Item -ItemType " + itemTypeName + " (links) is not modelled; File and Directory are"), "NewItemNotSupported", ErrorCategory.NotImplemented, path));
                return;
            }
            string action = dir ? "Create Directory" : "Create File";
            if (!ShouldProcess("Destination: " + path, action)) return;
            try
            {
                object existing = Stat(path);
                if (dir)
                {
                    if (existing != null && !Force)
                    {
                        WriteError(new ErrorRecord(new IOException("An item with the specified name " + path + " already exists."), "DirectoryExist", ErrorCategory.ResourceExists, path));
                        return;
                    }
                    HostCall.Call(SessionState, "New-WbDirectory", "Path", path);
                }
                else
                {
                    if (existing != null && HostCall.Str(existing, "Type") == "directory")
                    {
                        WriteError(new ErrorRecord(new UnauthorizedAccessException("Access to the path '" + path + "' is denied."), "NewItemUnauthorizedAccessError", ErrorCategory.PermissionDenied, path));
                        return;
                    }
                    if (existing != null && !Force)
                    {
                        WriteError(new ErrorRecord(new IOException("The file '" + path + "' already exists."), "NewItemIOError", ErrorCategory.WriteError, path));
                        return;
                    }
                    string parent = GetParentPath(path, null);
                    if (Force && !string.IsNullOrEmpty(parent) && Stat(parent) == null) HostCall.Call(SessionState, "New-WbDirectory", "Path", parent);
                    // New-Item -Value writes UTF-8 without a byte order mark (a StreamWriter's default).
                    string text = newItemValue == null ? "" : Convert.ToString(PSObject.AsPSObject(newItemValue).BaseObject, CultureInfo.CurrentCulture);
                    HostCall.Call(SessionState, "Write-WbFile", "Path", path, "Data", Convert.ToBase64String(new UTF8Encoding(false).GetBytes(text)));
                }
                GetItem(path);
            }
            catch (Exception e) { Fail(e, path, "NewItemUnauthorizedAccessError", "NewItemIOError"); }
        }

        protected override void RemoveItem(string path, bool recurse)
        {
            path = Norm(path);
            object item = Stat(path);
            if (item == null) return;
            bool dir = HostCall.Str(item, "Type") == "directory";
            if (!ShouldProcess(path, dir ? "Remove Directory" : "Remove File")) return;
            try { HostCall.Call(SessionState, "Remove-WbItem", "Path", path); }
            catch (Exception e) { Fail(e, path, "RemoveFileSystemItemUnAuthorizedAccess", "RemoveFileSystemItemIOError"); }
        }

        string Into(string destination, string source)
        {
            destination = Norm(destination);
            object d = Stat(destination);
            if (d != null && HostCall.Str(d, "Type") == "directory") return MakePath(destination, GetChildName(source));
            return destination;
        }

        void CopyTree(string from, string to, bool recurse)
        {
            object item = Stat(from);
            if (HostCall.Str(item, "Type") != "directory")
            {
                HostCall.Call(SessionState, "Copy-WbFile", "Source", from, "Destination", to, "Overwrite", true);
                return;
            }
            HostCall.Call(SessionState, "New-WbDirectory", "Path", to);
            if (!recurse) return;
            foreach (object c in Children(from, false)) CopyTree(HostCall.Str(c, "Path"), MakePath(to, HostCall.Str(c, "Name")), true);
        }

        protected override void CopyItem(string path, string copyPath, bool recurse)
        {
            path = Norm(path);
            string to = Into(copyPath, path);
            bool dir = IsItemContainer(path);
            if (!ShouldProcess("Item: " + path + " Destination: " + to, dir ? "Copy Directory" : "Copy File")) return;
            try { CopyTree(path, to, recurse); GetItem(to); }
            catch (Exception e) { Fail(e, to, "CopyFileInfoItemUnauthorizedAccessError", "CopyFileInfoItemIOError"); }
        }

        void Move(string path, string to, string action, string deniedId, string ioId)
        {
            bool dir = IsItemContainer(path);
            if (!ShouldProcess("Item: " + path + " Destination: " + to, action + (dir ? " Directory" : " File"))) return;
            try
            {
                if (Stat(to) != null) throw new IOException("Cannot create a file when that file already exists.");
                if (dir)
                {
                    // The model moves files, not folders: a folder is copied and the original removed.
                    CopyTree(path, to, true);
                    HostCall.Call(SessionState, "Remove-WbItem", "Path", path);
                }
                else HostCall.Call(SessionState, "Sim-MoveFile", "Source", path, "Destination", to);
                if (PassThru) GetItem(to);
            }
            catch (Exception e) { Fail(e, path, deniedId, ioId); }
        }

        bool PassThru
        {
            get
            {
                object v;
                return MyInvocation() != null && MyInvocation().BoundParameters.TryGetValue("PassThru", out v) && ((SwitchParameter)v).IsPresent;
            }
        }

        InvocationInfo MyInvocation()
        {
            object v = SessionState.PSVariable.GetValue("MyInvocation");
            return v as InvocationInfo;
        }

        protected override void MoveItem(string path, string destination)
        {
            path = Norm(path);
            Move(path, Into(destination, path), "Move", "MoveFileInfoItemUnauthorizedAccessError", "MoveFileInfoItemIOError");
        }

        protected override void RenameItem(string path, string newName)
        {
            path = Norm(path);
            Move(path, MakePath(GetParentPath(path, null), newName), "Rename", "RenameItemUnauthorizedAccessError", "RenameItemIOError");
        }

        // Content: the file crosses the bridge once to read; each write sends the whole new content (the model
        // stores files whole). Errors opening the file are reported as the file system provider reports them.
        public IContentReader GetContentReader(string path)
        {
            path = Norm(path);
            var p = DynamicParameters as SimContentReaderParameters;
            try
            {
                object item = Stat(path);
                // Windows PowerShell 5.1 opens a folder as a file: access denied.
                if (item != null && HostCall.Str(item, "Type") == "directory") throw new UnauthorizedAccessException("Access to the path '" + path + "' is denied.");
                byte[] data = Convert.FromBase64String((string)HostCall.Call(SessionState, "Read-WbFile", "Path", path, "MaxBytes", 256L * 1024 * 1024));
                if (p != null && p.EncodingGiven && p.Encoding == FileSystemCmdletProviderEncoding.Byte) return new SimContentReader(null, data, p.Raw);
                string text = WinEncoding.Decode(data, p != null && p.EncodingGiven ? WinEncoding.Of(p.Encoding) : null);
                return new SimContentReader(text, null, p != null && p.Raw);
            }
            catch (Exception e)
            {
                Fail(e, path, "GetContentReaderUnauthorizedAccessError", "GetContentReaderIOError");
                return null;
            }
        }

        public object GetContentReaderDynamicParameters(string path) { return new SimContentReaderParameters(); }

        public IContentWriter GetContentWriter(string path)
        {
            path = Norm(path);
            var p = DynamicParameters as SimContentWriterParameters;
            try
            {
                object item = Stat(path);
                if (item != null && HostCall.Str(item, "Type") == "directory") throw new UnauthorizedAccessException("Access to the path '" + path + "' is denied.");
                byte[] existing = new byte[0];
                // Opening for writing checks access before any byte is written (FileStream's open).
                HostCall.Call(SessionState, "Sim-TestWriteAccess", "Path", path);
                if (item != null) existing = Convert.FromBase64String((string)HostCall.Call(SessionState, "Read-WbFile", "Path", path, "MaxBytes", 256L * 1024 * 1024));
                // 5.1's Set-Content and Add-Content write ANSI unless told otherwise.
                FileSystemCmdletProviderEncoding enc = p != null && p.EncodingGiven ? p.Encoding : FileSystemCmdletProviderEncoding.Default;
                return new SimContentWriter(this, path, existing, enc, p != null && p.NoNewline, item == null);
            }
            catch (Exception e)
            {
                Fail(e, path, "GetContentWriterUnauthorizedAccessError", "GetContentWriterIOError");
                return null;
            }
        }

        public object GetContentWriterDynamicParameters(string path) { return new SimContentWriterParameters(); }

        public void ClearContent(string path)
        {
            path = Norm(path);
            if (!ShouldProcess("Item: " + path, "Clear Content")) return;
            try
            {
                object item = Stat(path);
                if (item == null) return;
                HostCall.Call(SessionState, "Write-WbFile", "Path", path, "Data", "");
            }
            catch (Exception e) { Fail(e, path, "ClearContentUnauthorizedAccessError", "ClearContentIOError"); }
        }

        public object ClearContentDynamicParameters(string path) { return null; }

        internal void Write(string path, byte[] data)
        {
            try { HostCall.Call(SessionState, "Write-WbFile", "Path", path, "Data", Convert.ToBase64String(data)); }
            catch (Exception e) { throw Translate(e, path); }
        }
    }

    public sealed class SimContentReader : IContentReader
    {
        readonly List<object> items = new List<object>();
        int next;

        public SimContentReader(string text, byte[] bytes, bool raw)
        {
            if (bytes != null) { foreach (byte b in bytes) items.Add(b); if (raw) { items.Clear(); items.Add(bytes); } return; }
            if (raw) { if (text.Length > 0) items.Add(text); return; }
            using (var r = new StringReader(text))
            {
                string line;
                while ((line = r.ReadLine()) != null) items.Add(line);
            }
        }

        public IList Read(long readCount)
        {
            var list = new List<object>();
            while (next < items.Count && (readCount <= 0 || list.Count < readCount)) list.Add(items[next++]);
            return list;
        }

        public void Seek(long offset, SeekOrigin origin) { next = origin == SeekOrigin.End ? items.Count : (int)offset; }
        public void Close() { }
        public void Dispose() { }
    }

    public sealed class SimContentWriter : IContentWriter
    {
        readonly SimFileSystemProvider provider;
        readonly string path;
        readonly MemoryStream data = new MemoryStream();
        readonly FileSystemCmdletProviderEncoding encoding;
        readonly bool noNewline;
        readonly bool hadContent;
        readonly bool create;
        bool written;

        public SimContentWriter(SimFileSystemProvider provider, string path, byte[] existing, FileSystemCmdletProviderEncoding encoding, bool noNewline, bool create)
        {
            this.create = create;
            this.provider = provider;
            this.path = path;
            this.encoding = encoding;
            this.noNewline = noNewline;
            data.Write(existing, 0, existing.Length);
            hadContent = existing.Length > 0;
        }

        public IList Write(IList content)
        {
            if (encoding == FileSystemCmdletProviderEncoding.Byte)
            {
                foreach (object o in content) data.WriteByte(Convert.ToByte(PSObject.AsPSObject(o).BaseObject, CultureInfo.InvariantCulture));
                provider.Write(path, data.ToArray());
                written = true;
                return content;
            }
            Encoding enc = WinEncoding.Of(encoding);
            var sb = new StringBuilder();
            foreach (object o in content)
            {
                sb.Append(o == null ? "" : PSObject.AsPSObject(o).ToString());
                if (!noNewline) sb.Append("\r\n");
            }
            if (data.Length == 0 && !hadContent) { byte[] bom = enc.GetPreamble(); data.Write(bom, 0, bom.Length); }
            byte[] b = enc.GetBytes(sb.ToString());
            data.Write(b, 0, b.Length);
            provider.Write(path, data.ToArray());
            written = true;
            return content;
        }

        public void Seek(long offset, SeekOrigin origin) { }

        // A file opened for writing exists afterwards even when nothing was written to it.
        public void Close()
        {
            if (create && !written) { written = true; provider.Write(path, new byte[0]); }
        }

        public void Dispose() { Close(); }
    }
}
