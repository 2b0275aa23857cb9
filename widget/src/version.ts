/** The package version, compared by the define module when the tag is already taken. Kept equal to package.json by a test. */
export const VERSION = '0.1.0';
