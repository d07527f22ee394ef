# Shared by every module that fails where ansible.windows calls $module.FailJson / Fail-Json (composed by
# src/modules/script.ts): a clean module failure, whose msg Ansible prints as is. Any other exception that leaves a
# module is a crash, which the agent reports as Ansible's module_wrapper.ps1 does ("Unhandled exception while
# executing module: ..."). The agent's catch (src/agent/bootstrap.ps1) takes the failed result from the exception's
# Data['WbFail']; Result holds its extra fields (win_command's rc), as FailJson sends $module.Result.
function Fail-WbModule {
    param([Parameter(Mandatory = $true)][string]$Message, [hashtable]$Result = @{})
    $Result.failed = $true
    $Result.msg = $Message
    $e = New-Object -TypeName System.Exception -ArgumentList $Message
    $e.Data['WbFail'] = $Result
    throw $e
}
