export declare const BEGIN_MARKER: string;
export declare const END_MARKER: string;
export declare function scanCodes(root: string): {
  found: Map<string, { code: string; cls: string; files: Set<string>; msg: string | undefined; hint: string | undefined }>;
  unresolved: string[];
  files: { path: string; text: string }[];
};
export declare function renderErrorsDoc(root: string, current: string): { text: string; codes: number; dropped: string[]; unresolved: string[] };
