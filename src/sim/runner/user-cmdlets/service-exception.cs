// defines: Microsoft.PowerShell.Commands.ServiceCommandException
// The exception Windows PowerShell 5.1's service cmdlets put in their error records (Microsoft.PowerShell.Commands.
// Management.dll; PowerShell's src/.../commands/management/Service.cs, WriteNonTerminatingError). PowerShell 7 on
// Linux does not ship it; a Windows worker has it already, so the worker compiles this file only where it is missing.
// Compiled together with bridge.cs (one compiler run): the using directives stay inside the namespace.
namespace Microsoft.PowerShell.Commands
{
    using System;

    public class ServiceCommandException : SystemException
    {
        public ServiceCommandException() : base() { }
        public ServiceCommandException(string message) : base(message) { }
        public ServiceCommandException(string message, Exception innerException) : base(message, innerException) { }
        public string ServiceName { get; set; }
    }
}
