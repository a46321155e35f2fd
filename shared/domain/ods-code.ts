// ODS (Organisation Data Service) codes identify NHS and care organisations. They are letters and digits,
// 3 to 10 characters, and some newer codes carry a numeric prefix and hyphen (e.g. "1-ABC123").
const ODS_PATTERN = /^(?:\d{1,2}-)?[A-Z0-9]{3,10}$/;

export const ODS_FORMAT_HINT = 'ODS codes are letters and digits, for example AB1, V12345 or 1-ABC123';

export function normaliseOdsCode(raw: string): string {
  return raw.trim().toUpperCase();
}

export function isValidOdsCode(code: string): boolean {
  return ODS_PATTERN.test(code);
}

// CQC location IDs look like "1-123456789" (the CQC's own format, 9 to 11 digits after "1-").
const CQC_LOCATION_PATTERN = /^1-\d{6,12}$/;
export const CQC_FORMAT_HINT = 'CQC location IDs look like 1-123456789';

export function isValidCqcLocationId(id: string): boolean {
  return CQC_LOCATION_PATTERN.test(id);
}
