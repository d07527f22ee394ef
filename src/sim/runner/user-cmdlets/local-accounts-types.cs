// defines: Microsoft.PowerShell.Commands.LocalAccountsException
// The types of Windows PowerShell 5.1's Microsoft.PowerShell.LocalAccounts module that scripts meet: the exceptions
// its cmdlets' error records carry (their ErrorId is the class name without "Exception": UserNotFound,
// MemberExists…; PowerShell's src/Microsoft.PowerShell.LocalAccounts/LocalAccounts/Exceptions.cs, before its
// removal in 6.x) and PrincipalSource. Also the simulator's stand-in for SecurityIdentifier (LocalUser.SID), which
// .NET on Linux refuses to construct, and the error-record helper every user-layer function uses.
// Compiled together with bridge.cs (one compiler run): the using directives stay inside the namespaces.
namespace Microsoft.PowerShell.Commands
{
    using System;
    using System.Management.Automation;

    public enum PrincipalSource { Unknown = 0, Local, ActiveDirectory, AzureAD, MicrosoftAccount }

    public class LocalAccountsException : Exception
    {
        public LocalAccountsException() : base() { }
        public LocalAccountsException(string message) : base(message) { }
        public LocalAccountsException(string message, Exception ex) : base(message, ex) { }
        public LocalAccountsException(string message, object target, ErrorCategory errorCategory) : base(message)
        {
            ErrorCategory = errorCategory;
            Target = target;
        }
        public ErrorCategory ErrorCategory { get; private set; }
        public object Target { get; private set; }
        public string ErrorName
        {
            get
            {
                string name = GetType().Name;
                return name.EndsWith("Exception", StringComparison.OrdinalIgnoreCase) && name.Length > 9 ? name.Substring(0, name.Length - 9) : name;
            }
        }
    }

    // An NTSTATUS the module does not translate (Sam.MakeException's default): "An unspecified error occurred: status = N".
    public class InternalException : LocalAccountsException
    {
        public InternalException(uint ntStatus, object target) : base("An unspecified error occurred: status = " + ntStatus.ToString(), target, ErrorCategory.NotSpecified) { StatusCode = ntStatus; }
        public uint StatusCode { get; private set; }
    }
    public class AccessDeniedException : LocalAccountsException { public AccessDeniedException(object target) : base("Access denied.", target, ErrorCategory.PermissionDenied) { } }
    public class InvalidNameException : LocalAccountsException { public InvalidNameException(string name, object target) : base("The name " + name + " is invalid.", target, ErrorCategory.InvalidArgument) { } }
    public class NameInUseException : LocalAccountsException { public NameInUseException(string name, object target) : base("The name " + name + " is already in use.", target, ErrorCategory.InvalidArgument) { } }
    public class InvalidPasswordException : LocalAccountsException { public InvalidPasswordException(string message) : base(message, null, ErrorCategory.InvalidArgument) { } }
    public class InvalidParametersException : LocalAccountsException
    {
        public InvalidParametersException(string a, string b) : base("Parameter " + a + " and parameter " + b + " may not be used together.", null, ErrorCategory.InvalidArgument) { }
    }
    public class NotFoundException : LocalAccountsException { public NotFoundException(string message, object target) : base(message, target, ErrorCategory.ObjectNotFound) { } }
    public class PrincipalNotFoundException : NotFoundException { public PrincipalNotFoundException(string principal, object target) : base("Principal " + principal + " was not found.", target) { } }
    public class GroupNotFoundException : NotFoundException { public GroupNotFoundException(string group, object target) : base("Group " + group + " was not found.", target) { } }
    public class UserNotFoundException : NotFoundException { public UserNotFoundException(string user, object target) : base("User " + user + " was not found.", target) { } }
    public class MemberNotFoundException : NotFoundException { public MemberNotFoundException(string member, string group) : base("Member " + member + " was not found in group " + group + ".", member) { } }
    public class ObjectExistsException : LocalAccountsException { public ObjectExistsException(string message, object target) : base(message, target, ErrorCategory.ResourceExists) { } }
    public class GroupExistsException : ObjectExistsException { public GroupExistsException(string group, object target) : base("Group " + group + " already exists.", target) { } }
    public class UserExistsException : ObjectExistsException { public UserExistsException(string user, object target) : base("User " + user + " already exists.", target) { } }
    public class MemberExistsException : ObjectExistsException { public MemberExistsException(string member, string group, object target) : base(member + " is already a member of group " + group + ".", target) { } }
}

namespace WinbookSim
{
    using System;
    using System.Management.Automation;
    using System.Reflection;

    // What scripts read of a SID: Value, ToString(), comparison with a SID string.
    public sealed class SecurityIdentifier
    {
        public SecurityIdentifier(string value) { Value = value; }
        public string Value { get; private set; }
        public int BinaryLength { get { return 8 + 4 * (Value.Split('-').Length - 3); } }
        public override string ToString() { return Value; }
        public override bool Equals(object o)
        {
            var s = o as SecurityIdentifier;
            string other = s != null ? s.Value : (o as string);
            return other != null && string.Equals(other, Value, StringComparison.OrdinalIgnoreCase);
        }
        public override int GetHashCode() { return Value.ToUpperInvariant().GetHashCode(); }
    }

    // ToString() of the layer's objects, as CodeMethods: a ScriptMethod would run in the user's runspace, which is
    // gone when win_powershell converts its output (and turns a nested object into its string).
    public static class UserLayerObjects
    {
        public static string ServiceControllerToString(PSObject o) { return "System.ServiceProcess.ServiceController"; }

        // LocalPrincipal.ToString(): the name, or the SID.
        public static string PrincipalToString(PSObject o)
        {
            var name = o.Properties["Name"];
            if (name != null && name.Value != null && name.Value.ToString().Length > 0) return name.Value.ToString();
            var sid = o.Properties["SID"];
            return sid != null && sid.Value != null ? sid.Value.ToString() : "";
        }
    }

    public static class UserLayerErrors
    {
        static readonly FieldInfo Fqid = typeof(ErrorRecord).GetField("_serializedFullyQualifiedErrorId", BindingFlags.NonPublic | BindingFlags.Instance);

        // An error record whose FullyQualifiedErrorId names the 5.1 cmdlet class (NoServiceFoundForGivenName,
        // Microsoft.PowerShell.Commands.GetServiceCommand) rather than the function standing in for it: PowerShell
        // appends the function's name otherwise. The field is the one a deserialized record keeps its id in.
        public static ErrorRecord Record(Exception exception, string errorId, ErrorCategory category, object target, string cmdletClass)
        {
            var r = new ErrorRecord(exception, errorId, category, target);
            string type = cmdletClass.Contains(".") ? cmdletClass : "Microsoft.PowerShell.Commands." + cmdletClass;
            if (Fqid != null) Fqid.SetValue(r, errorId + "," + type);
            return r;
        }
    }
}
