# Shared by win_uri and win_get_url (composed by src/modules/script.ts), which 1.14 both build with WebRequest.psm1's
# Get-AnsibleWindowsWebRequest: the request headers with the User-Agent 1.14 sends. http_agent (default
# ansible-httpget) is the agent. A `headers` entry named User-Agent in any case is never sent as such; one named
# exactly `User-Agent` (1.14 looks it up in a case-sensitive Dictionary) replaces the agent while http_agent is the
# default (compared with -eq, so in any case), and otherwise loses to it with 1.14's warning (Module.Warn: the
# result's `warnings`).
function Get-WbRequestHeaders {
    param([string]$HttpAgent, $Given, [hashtable]$Result)
    $headers = @{}
    $agent = $HttpAgent
    if ($null -ne $Given) {
        foreach ($h in $Given.PSObject.Properties) {
            if ($h.Name -eq 'User-Agent') {
                if ($h.Name -cne 'User-Agent') { continue }
                if ($HttpAgent -eq 'ansible-httpget') { $agent = [string]$h.Value }
                else {
                    if (-not $Result.ContainsKey('warnings')) { $Result.warnings = @() }
                    $Result.warnings += "The 'User-Agent' header and the 'http_agent' was set, using the 'http_agent' for web request"
                }
                continue
            }
            $headers[$h.Name] = [string]$h.Value
        }
    }
    $headers['User-Agent'] = $agent
    $headers
}
