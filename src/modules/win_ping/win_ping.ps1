# win_ping: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode).
Set-StrictMode -Version 2.0

$data = 'pong'
if ($null -ne $ModuleArgs -and $null -ne $ModuleArgs.PSObject.Properties['data']) {
    $data = $ModuleArgs.data
}

# As Ansible's win_ping: 'crash' raises an exception so failure handling can be tested end to end.
if ($data -eq 'crash') {
    throw 'boom'
}

@{ changed = $false; ping = $data }
