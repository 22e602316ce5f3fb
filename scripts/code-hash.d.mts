/** Where every version's folder lives, relative to the toolchain's root. */
export declare const CACHE_DIR: string;
/** A hash of the toolchain's code files (scripts/**, package-lock.json): 16 hex digits. */
export declare function codeHash(root: string): string;
/** The folder of one version of the code: its bundle and every cache it keeps. */
export declare function versionFolder(root: string, hash: string): string;
