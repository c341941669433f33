/** Namespace URIs and element names the semantic rules look for. */
export const SKSML_NS = 'http://docs.oasis-open.org/ekmi/2008/01';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const XMLENC_NS = 'http://www.w3.org/2001/04/xmlenc#';
export const SOAP12_ENV_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const SOAP11_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** Root elements of the four SKSML messages. */
export const SKSML_MESSAGE_ROOTS = [
  'SymkeyRequest',
  'SymkeyResponse',
  'KeyCachePolicyRequest',
  'KeyCachePolicyResponse',
] as const;
export type SksmlMessageRoot = (typeof SKSML_MESSAGE_ROOTS)[number];

/** The nine permission elements that carry the ekmi:any attribute. */
export const PERMITTED_ELEMENTS = [
  'PermittedApplications',
  'PermittedDates',
  'PermittedDays',
  'PermittedDuration',
  'PermittedLevels',
  'PermittedLocations',
  'PermittedNumberOfTransactions',
  'PermittedTimes',
  'PermittedUses',
] as const;

/** Item child of each list-valued permission element (Duration and NumberOfTransactions hold a value). */
export const PERMITTED_ITEM: Readonly<Record<string, string>> = {
  PermittedApplications: 'PermittedApplication',
  PermittedDates: 'PermittedDate',
  PermittedDays: 'PermittedDay',
  PermittedLevels: 'PermittedLevel',
  PermittedLocations: 'PermittedLocation',
  PermittedTimes: 'PermittedTime',
  PermittedUses: 'PermittedUse',
};
