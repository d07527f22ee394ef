/**
 * A Win32 error as the simulated host raises it: the numeric code and Windows' own message text (FormatMessage,
 * en-US), so every layer above can print exactly what Windows would. A negative code is a COM HRESULT (the Windows
 * Update Agent's), which the pwsh bridge raises as .NET's COM interop would (runner/bridge.cs).
 */
export class WindowsError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'WindowsError';
  }
}

/** Win32 messages used by the simulator, from `net helpmsg N` on Windows Server 2019. */
export const WIN32_MESSAGES: Record<number, string> = {
  2: 'The system cannot find the file specified.',
  1053: 'The service did not respond to the start or control request in a timely fashion.',
  1052: 'The requested control is not valid for this service.',
  1051: 'A stop control has been sent to a service that other running services are dependent on.',
  1056: 'An instance of the service is already running.',
  1057: 'The account name is invalid or does not exist, or the password is invalid for the account name specified.',
  1058: 'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.',
  1059: 'Circular service dependency was specified.',
  1060: 'The specified service does not exist as an installed service.',
  1062: 'The service has not been started.',
  1068: 'The dependency service or group failed to start.',
  1069: 'The service did not start due to a logon failure.',
  1072: 'The specified service has been marked for deletion.',
  1073: 'The specified service already exists.',
  1078: 'The name is already in use as either a service name or a service display name.',
  1075: 'The dependency service does not exist or has been marked for deletion.',
};

export function win32(code: number): WindowsError {
  return new WindowsError(code, WIN32_MESSAGES[code] ?? `Unknown error (0x${code.toString(16)})`);
}
