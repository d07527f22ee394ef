# win_ping: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode). No Windows call and no
# module-utils: it proves the agent runs a module and returns its result. `data` defaults to 'pong' in the schema.
Set-StrictMode -Version 2.0

$data = 'pong'
if ($null -ne $ModuleArgs -and $null -ne $ModuleArgs.PSObject.Properties['data']) {
    $data = [string]$ModuleArgs.data
}

# As Ansible's win_ping: 'crash' raises an exception so failure handling can be tested end to end.
if ($data -eq 'crash') {
    throw 'boom'
}

@{ changed = $false; ping = $data }
