export declare const STAMP_FILE: string;
export declare const BUILD_CONFIG: string[];
export declare function sourceFingerprint(root: string): string;
export declare function stampText(root: string): string;
export declare function distStatus(root: string, distDir?: string, opts?: { installed?: boolean }): { fresh: true } | { fresh: false; reason: string };
