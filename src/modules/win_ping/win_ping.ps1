# win_ping: the body of the agent's scriptblock param($ModuleArgs, $CheckMode, $DiffMode). No Windows call: it
# proves the agent runs a module and returns its result.
Set-StrictMode -Version 2.0

$data = [string](Get-ModuleArg 'data' 'pong')

# As Ansible's win_ping: 'crash' raises an exception so failure handling can be tested end to end.
if ($data -eq 'crash') {
    throw 'boom'
}

@{ changed = $false; ping = $data }
