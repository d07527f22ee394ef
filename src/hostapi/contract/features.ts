/**
 * Windows Server roles, role services and features, as ServerManager's cmdlets see them (Get-WindowsFeature,
 * Install-WindowsFeature, Uninstall-WindowsFeature). The operation verbs return the cmdlet's
 * FeatureOperationResult as plain data, so a module reads the same fields on both sides.
 */
import type { VerbTable } from './types.ts';

const FEATURE_RESULT =
  'FeatureOperationResult: Success (bool), RestartNeeded (RestartState name: No, Yes, Maybe), ExitCode (the ServerManager exit code name: ' +
  'Success, SuccessRestartRequired, NoChangeNeeded, Failed), FeatureResult (one per feature changed or that would change: Id, Name, DisplayName, ' +
  'Message (list of { MessageType, ErrorCode, Text }), RestartNeeded (bool), SkipReason (NotSkipped, …), Success (bool))';

const OPERATION_SHAPE = {
  Success: 'whether the operation succeeded',
  RestartNeeded: "RestartState name: 'No', 'Yes', or 'Maybe' (-WhatIf)",
  ExitCode: "'Success', 'SuccessRestartRequired', 'NoChangeNeeded' or 'Failed'",
  FeatureResult: 'list of { Id, Name, DisplayName, Message, RestartNeeded, SkipReason, Success }, in the order ServerManager changes them',
};

const NOT_FOUND = "a name is no role, role service or feature (ArgumentNotValid: The role, role service, or feature name is not valid: 'NAME'. The name was not found.)";

export const featuresVerbs: VerbTable = {
  'Get-WbWindowsFeature': {
    domain: 'features',
    doc: 'Get-WindowsFeature (ServerManager): every role, role service and feature, or those with these names (a name that matches none is left out, as the cmdlet does).',
    params: { Name: { type: 'string[]', doc: 'feature names (case-insensitive); absent: all' } },
    returns: 'list',
    shape: {
      Name: 'the feature name (Web-Server)',
      DisplayName: 'the display name (Web Server (IIS))',
      FeatureType: "'Role', 'Role Service' or 'Feature'",
      InstallState: "'Available', 'Installed', 'InstallPending', 'UninstallPending' or 'Removed' (payload removed from the side-by-side store)",
      Parent: 'the parent feature name, $null at the top',
      SubFeatures: 'the names of the sub-features',
      Depth: '1 at the top, one more per level',
    },
  },
  'Install-WbWindowsFeature': {
    domain: 'features',
    doc:
      'Install-WindowsFeature -Restart:$false -Confirm:$false -ErrorAction Stop: installs the features, the parents and features they require, ' +
      'a role\'s default role services, all sub-features with IncludeAllSubFeature, and the management tools with IncludeManagementTools. ' +
      `WhatIf changes nothing and reports what would be installed (RestartNeeded Maybe). Returns the ${FEATURE_RESULT}.`,
    params: {
      Name: { type: 'string[]', required: true, doc: 'feature names' },
      IncludeAllSubFeature: { type: 'bool', doc: 'install every sub-feature of the named features' },
      IncludeManagementTools: { type: 'bool', doc: 'install the management tools of the named features' },
      Source: { type: 'string', doc: 'a side-by-side store (D:\\sources\\sxs) for features whose payload was removed' },
      WhatIf: { type: 'bool', doc: 'report only (-WhatIf)' },
    },
    returns: 'object',
    shape: OPERATION_SHAPE,
    errors: {
      87: NOT_FOUND,
      [-2146498529]:
        'a feature\'s payload was removed and no Source holds it (0x800f081f, "Installation of one or more roles, role services, or features failed. The source files could not be found. …")',
    },
  },
  'Uninstall-WbWindowsFeature': {
    domain: 'features',
    doc:
      'Uninstall-WindowsFeature -Restart:$false -Confirm:$false -ErrorAction Stop: removes the features, their installed sub-features and every installed ' +
      `feature that requires one of them, and their management tools with IncludeManagementTools. WhatIf changes nothing. Returns the ${FEATURE_RESULT}.`,
    params: {
      Name: { type: 'string[]', required: true, doc: 'feature names' },
      IncludeManagementTools: { type: 'bool', doc: 'remove the management tools of the named features too' },
      WhatIf: { type: 'bool', doc: 'report only (-WhatIf)' },
    },
    returns: 'object',
    shape: OPERATION_SHAPE,
    errors: { 87: NOT_FOUND },
  },
};
