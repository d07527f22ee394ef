# The texts ansible.windows 1.14's action plugin gives a Windows Update Agent HRESULT (action/win_updates.py
# _get_hresult_error, from wuerror.h), for the codes a failed download or installation reports most: the agent's
# general failures and the ones the simulator's tests use. A code outside this list reads as 1.14 reads a code
# outside its own: 'Unknown WUA HRESULT <decimal> (UNKNOWN <hex>)' (docs/compatibility.md, win_updates).
$script:WuaErrors = @{
    0x00240005 = @('WU_S_REBOOT_REQUIRED', 'The system must be restarted to complete installation of the update')
    0x00240006 = @('WU_S_ALREADY_INSTALLED', 'The update to be installed is already installed on the system')
    0x80240001 = @('WU_E_NO_SERVICE', 'Windows Update Agent was unable to provide the service')
    0x8024000B = @('WU_E_CALL_CANCELLED', 'Operation was cancelled')
    0x80240016 = @('WU_E_INSTALL_NOT_ALLOWED', 'Operation tried to install while another installation was in progress or the system was pending a mandatory restart')
    0x80240017 = @('WU_E_NOT_APPLICABLE', 'Operation was not performed because there are no applicable updates')
    0x8024001E = @('WU_E_SERVICE_STOP', 'Operation did not complete because the service or system was being shut down')
    0x8024001F = @('WU_E_NO_CONNECTION', 'Operation did not complete because the network connection was unavailable')
    0x80240020 = @('WU_E_NO_INTERACTIVE_USER', 'Operation did not complete because there is no logged-on interactive user')
    0x80240021 = @('WU_E_TIME_OUT', 'Operation did not complete because it timed out')
    0x80240022 = @('WU_E_ALL_UPDATES_FAILED', 'Operation failed for all the updates')
    0x80240023 = @('WU_E_EULAS_DECLINED', 'The license terms for all updates were declined')
    0x80240024 = @('WU_E_NO_UPDATE', 'There are no updates')
    0x8024002C = @('WU_E_BIN_SOURCE_ABSENT', 'A delta-compressed update could not be installed because it required the source')
    0x8024002D = @('WU_E_SOURCE_ABSENT', 'A full-file update could not be installed because it required the source')
    0x80240033 = @('WU_E_EULA_UNAVAILABLE', 'License terms could not be downloaded')
    0x80240034 = @('WU_E_DOWNLOAD_FAILED', 'Update failed to download')
    0x80240035 = @('WU_E_UPDATE_NOT_PROCESSED', 'The update was not processed')
    0x80240FFF = @('WU_E_UNEXPECTED', 'An operation failed due to reasons not covered by another error code')
    0x80242014 = @('WU_E_UH_POSTREBOOTSTILLPENDING', 'The post-reboot operation for the update is still in progress')
    0x80246007 = @('WU_E_DM_NOTDOWNLOADED', 'The update has not been downloaded')
    0x80246008 = @('WU_E_DM_FAILTOCONNECTTOBITS', 'A download manager operation failed because the download manager was unable to connect the Background Intelligent Transfer Service (BITS)')
}

# An HResult as the unsigned number 1.14 returns in failure_hresult_code (its plugin masks pwsh's signed int).
function ConvertTo-WuaUnsigned {
    param([long]$HResult)
    if ($HResult -lt 0) { $HResult += 4294967296 }
    $HResult
}

# failure_msg: '<text> (<name> <8 hex digits>)', as 1.14's _get_hresult_error formats it.
function Get-WuaErrorText {
    param([long]$HResult)
    $code = ConvertTo-WuaUnsigned $HResult
    $entry = $null
    foreach ($k in $script:WuaErrors.Keys) { if ((ConvertTo-WuaUnsigned $k) -eq $code) { $entry = $script:WuaErrors[$k]; break } }
    if ($null -eq $entry) { $entry = @('UNKNOWN', "Unknown WUA HRESULT $code") }
    '{0} ({1} {2:X8})' -f $entry[1], $entry[0], $code
}
