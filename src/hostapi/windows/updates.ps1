# Façade, Windows side (src/hostapi/contract/updates.ts). Windows PowerShell 5.1, the Windows Update Agent's COM API
# (MS-UAMG). Only the search: IUpdateSearcher.Search is allowed from a network logon (WinRM), while download and
# install return E_ACCESSDENIED there.

function Find-WbWindowsUpdate {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][int]$ServerSelection)
    $rebootRequired = [bool](New-Object -ComObject Microsoft.Update.SystemInfo).RebootRequired
    $session = New-Object -ComObject Microsoft.Update.Session
    $searcher = $session.CreateUpdateSearcher()
    $searcher.ServerSelection = $ServerSelection
    $result = $searcher.Search('IsInstalled = 0')
    # OperationResultCode: 2 succeeded, 3 succeeded with errors (the updates found are still good); anything else failed.
    if ($result.ResultCode -ne 2 -and $result.ResultCode -ne 3) { throw "Failed to search for updates ($($result.ResultCode))" }
    $updates = @(foreach ($u in $result.Updates) {
            [pscustomobject]@{
                Id = [string]$u.Identity.UpdateID
                Title = [string]$u.Title
                KB = @($u.KBArticleIDs | ForEach-Object { [string]$_ })
                Categories = @($u.Categories | ForEach-Object { [string]$_.Name })
                IsHidden = [bool]$u.IsHidden
                IsDownloaded = [bool]$u.IsDownloaded
                IsInstalled = [bool]$u.IsInstalled
                BrowseOnly = [bool]$u.BrowseOnly
            }
        })
    [pscustomobject]@{ RebootRequired = $rebootRequired; Updates = $updates }
}
