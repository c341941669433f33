/**
 * Small, hand-written SKSML documents for schema tests: for each message type, valid samples and
 * invalid ones (each invalid sample names the rule it breaks). Also reusable as seeds by the
 * differential corpus. `errataDivergent` lists documents on which the project's schemas and the
 * DRAFT 8.0 working copy are expected to disagree (spec/errata.md).
 */
export const EKMI_NS = 'http://docs.oasis-open.org/ekmi/2008/01';
const NS = `xmlns:ekmi="${EKMI_NS}"`;
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const CERT_B64 = 'MIIBszCCAVmgAwIBAgIUZmFrZS1jZXJ0aWZpY2F0ZS1mb3ItdGVzdHMwCgYIKoZIzj0EAwI=';
const CIPHER_B64 = 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=';

export interface Sample {
  readonly name: string;
  readonly xml: string;
  /** For invalid samples: the erratum or requirement the sample breaks. */
  readonly breaks?: string;
}

/** Permissions with every dimension unrestricted (ekmi:any="true", nil). */
export function unrestrictedPermissions(): string {
  const dims = [
    'PermittedApplications',
    'PermittedDates',
    'PermittedDays',
    'PermittedDuration',
    'PermittedLevels',
    'PermittedLocations',
    'PermittedNumberOfTransactions',
    'PermittedTimes',
    'PermittedUses',
  ];
  return `<ekmi:Permissions>${dims.map((d) => `<ekmi:${d} ekmi:any="true" xsi:nil="true"/>`).join('')}</ekmi:Permissions>`;
}

/** Permissions with every dimension restricted and filled in. */
export function restrictedPermissions(): string {
  return [
    '<ekmi:Permissions>',
    '<ekmi:PermittedApplications ekmi:any="false"><ekmi:PermittedApplication>',
    '<ekmi:ApplicationID>10514-23</ekmi:ApplicationID><ekmi:ApplicationName>Payroll</ekmi:ApplicationName>',
    '<ekmi:Version>2.1</ekmi:Version>',
    '<ekmi:DigestAlgorithm>http://www.w3.org/2001/04/xmlenc#sha256</ekmi:DigestAlgorithm>',
    '<ekmi:DigestValue>n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=</ekmi:DigestValue>',
    '</ekmi:PermittedApplication></ekmi:PermittedApplications>',
    '<ekmi:PermittedDates ekmi:any="false"><ekmi:PermittedDate><ekmi:StartDate>2025-01-01</ekmi:StartDate>',
    '<ekmi:EndDate>2025-12-31</ekmi:EndDate></ekmi:PermittedDate></ekmi:PermittedDates>',
    '<ekmi:PermittedDays ekmi:any="false"><ekmi:PermittedDay>Weekday</ekmi:PermittedDay></ekmi:PermittedDays>',
    '<ekmi:PermittedDuration ekmi:any="false">86400</ekmi:PermittedDuration>',
    '<ekmi:PermittedLevels ekmi:any="false"><ekmi:PermittedLevel>Confidential</ekmi:PermittedLevel></ekmi:PermittedLevels>',
    '<ekmi:PermittedLocations ekmi:any="false"><ekmi:PermittedLocation><ekmi:LocationName>HQ</ekmi:LocationName>',
    '<ekmi:Latitude>37.3860517</ekmi:Latitude><ekmi:Longitude>-122.0838511</ekmi:Longitude>',
    '</ekmi:PermittedLocation></ekmi:PermittedLocations>',
    '<ekmi:PermittedNumberOfTransactions ekmi:any="false">1000</ekmi:PermittedNumberOfTransactions>',
    '<ekmi:PermittedTimes ekmi:any="false"><ekmi:PermittedTime><ekmi:StartTime>08:00:00</ekmi:StartTime>',
    '<ekmi:EndTime>18:00:00</ekmi:EndTime></ekmi:PermittedTime></ekmi:PermittedTimes>',
    '<ekmi:PermittedUses ekmi:any="false"><ekmi:PermittedUse>Database column encryption</ekmi:PermittedUse></ekmi:PermittedUses>',
    '</ekmi:Permissions>',
  ].join('');
}

export function keyUsePolicy(
  options: { permissions?: string; keySize?: string; extra?: string } = {},
): string {
  return [
    '<ekmi:KeyUsePolicy>',
    '<ekmi:KeyUsePolicyID>10514-4</ekmi:KeyUsePolicyID>',
    '<ekmi:PolicyName>Payroll data</ekmi:PolicyName>',
    options.extra ?? '',
    '<ekmi:KeyClass>HR-Encryption</ekmi:KeyClass>',
    '<ekmi:KeyAlgorithm>http://www.w3.org/2001/04/xmlenc#aes256-cbc</ekmi:KeyAlgorithm>',
    `<ekmi:KeySize>${options.keySize ?? '256'}</ekmi:KeySize>`,
    '<ekmi:Status>Active</ekmi:Status>',
    options.permissions ?? unrestrictedPermissions(),
    '</ekmi:KeyUsePolicy>',
  ].join('');
}

export function symkey(options: { globalKeyID?: string; requestID?: string; kup?: string } = {}): string {
  return [
    '<ekmi:Symkey>',
    `<ekmi:SymkeyRequestID>${options.requestID ?? '10514-1-9'}</ekmi:SymkeyRequestID>`,
    `<ekmi:GlobalKeyID>${options.globalKeyID ?? '10514-1-235'}</ekmi:GlobalKeyID>`,
    options.kup ?? keyUsePolicy(),
    '<ekmi:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p">',
    '<ds:DigestMethod xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>',
    '</ekmi:EncryptionMethod>',
    `<xenc:CipherData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"><xenc:CipherValue>${CIPHER_B64}</xenc:CipherValue></xenc:CipherData>`,
    '</ekmi:Symkey>',
  ].join('');
}

export function symkeyError(requestedGlobalKeyID = '10514-0-0', requestID = '10514-1-10'): string {
  return [
    '<ekmi:SymkeyError>',
    `<ekmi:SymkeyRequestID>${requestID}</ekmi:SymkeyRequestID>`,
    `<ekmi:RequestedGlobalKeyID>${requestedGlobalKeyID}</ekmi:RequestedGlobalKeyID>`,
    '<ekmi:RequestedKeyClass>HR-Encryption</ekmi:RequestedKeyClass>',
    '<ekmi:ErrorCode>SKS-100004</ekmi:ErrorCode>',
    '<ekmi:ErrorMessage>Unauthorized request for key</ekmi:ErrorMessage>',
    '</ekmi:SymkeyError>',
  ].join('');
}

export function symkeyWorkInProgress(interval = '300', requestID = '10514-1-11'): string {
  return [
    '<ekmi:SymkeyWorkInProgress>',
    '<ekmi:RequestedGlobalKeyID>10514-0-0</ekmi:RequestedGlobalKeyID>',
    `<ekmi:SymkeyRequestID>${requestID}</ekmi:SymkeyRequestID>`,
    `<ekmi:RequestCheckInterval>${interval}</ekmi:RequestCheckInterval>`,
    '</ekmi:SymkeyWorkInProgress>',
  ].join('');
}

export function symkeyRequest(body: string): string {
  return `<ekmi:SymkeyRequest ${NS}>${body}</ekmi:SymkeyRequest>`;
}

export function symkeyResponse(body: string): string {
  return `<ekmi:SymkeyResponse ${NS} ${XSI}>${body}</ekmi:SymkeyResponse>`;
}

export function keyCachePolicy(
  options: { interval?: string; extra?: string; endDate?: string } = {},
): string {
  return [
    '<ekmi:KeyCachePolicy>',
    '<ekmi:KeyCachePolicyID>10514-7</ekmi:KeyCachePolicyID>',
    options.extra ?? '',
    '<ekmi:PolicyName>Laptops</ekmi:PolicyName>',
    '<ekmi:Description xsi:nil="true"/>',
    '<ekmi:KeyClass>HR-Encryption</ekmi:KeyClass>',
    '<ekmi:StartDate>2025-01-01T00:00:00Z</ekmi:StartDate>',
    options.endDate ?? '<ekmi:EndDate xsi:nil="true"/>',
    `<ekmi:PolicyCheckInterval>${options.interval ?? '86400'}</ekmi:PolicyCheckInterval>`,
    '<ekmi:Status>Active</ekmi:Status>',
    '<ekmi:NewKeysCacheDetail><ekmi:MaximumKeys>10</ekmi:MaximumKeys><ekmi:MaximumDuration>3600</ekmi:MaximumDuration></ekmi:NewKeysCacheDetail>',
    '<ekmi:UsedKeysCacheDetail><ekmi:MaximumKeys>18446744073709551615</ekmi:MaximumKeys><ekmi:MaximumDuration>0</ekmi:MaximumDuration></ekmi:UsedKeysCacheDetail>',
    '</ekmi:KeyCachePolicy>',
  ].join('');
}

export function keyCachePolicyResponse(body: string): string {
  return `<ekmi:KeyCachePolicyResponse ${NS} ${XSI}>${body}</ekmi:KeyCachePolicyResponse>`;
}

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';

export function soap12Envelope(body: string, options: { created?: string; bodyId?: string } = {}): string {
  return [
    `<env:Envelope xmlns:env="${SOAP12}" xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">`,
    '<env:Header><wsse:Security env:mustUnderstand="true">',
    `<wsse:BinarySecurityToken wsu:Id="X509-1" EncodingType="${WSSE.replace('secext-1.0.xsd', 'soap-message-security-1.0#Base64Binary')}"`,
    ` ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3">${CERT_B64}</wsse:BinarySecurityToken>`,
    `<wsu:Timestamp wsu:Id="TS-1"><wsu:Created>${options.created ?? '2025-06-01T12:00:00Z'}</wsu:Created>`,
    '<wsu:Expires>2025-06-01T12:05:00Z</wsu:Expires></wsu:Timestamp>',
    '<ds:Signature><ds:SignedInfo>',
    '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>',
    '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>',
    '<ds:Reference URI="#Body-1"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#">',
    '<ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="ekmi"/></ds:Transform></ds:Transforms>',
    '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>',
    '<ds:DigestValue>n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=</ds:DigestValue></ds:Reference>',
    '</ds:SignedInfo><ds:SignatureValue>c2lnbmF0dXJl</ds:SignatureValue>',
    '<ds:KeyInfo><wsse:SecurityTokenReference><wsse:Reference URI="#X509-1"',
    ' ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"/>',
    '</wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature>',
    '</wsse:Security></env:Header>',
    `<env:Body wsu:Id="${options.bodyId ?? 'Body-1'}">${body}</env:Body>`,
    '</env:Envelope>',
  ].join('');
}

export function soap11Envelope(body: string): string {
  return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

const NEW_KEY_REQUEST = symkeyRequest(
  '<ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID><ekmi:KeyClasses><ekmi:KeyClass>HR-Encryption</ekmi:KeyClass>' +
    '<ekmi:KeyClass>Finance</ekmi:KeyClass></ekmi:KeyClasses>' +
    `<ekmi:X509EncryptionCertificate>${CERT_B64}</ekmi:X509EncryptionCertificate>`,
);

export const VALID_SAMPLES: readonly Sample[] = [
  { name: 'SymkeyRequest for new keys of two classes, with certificate', xml: NEW_KEY_REQUEST },
  {
    name: 'SymkeyRequest for two existing keys',
    xml: symkeyRequest(
      '<ekmi:GlobalKeyID>10514-1-235</ekmi:GlobalKeyID><ekmi:GlobalKeyID>18446744073709551615-2-16777215</ekmi:GlobalKeyID>',
    ),
  },
  {
    name: 'SymkeyRequest polling two request IDs',
    xml: symkeyRequest(
      '<ekmi:SymkeyRequestID>10514-1-11</ekmi:SymkeyRequestID><ekmi:SymkeyRequestID>10514-1-12</ekmi:SymkeyRequestID>',
    ),
  },
  { name: 'SymkeyResponse with one key, unrestricted policy', xml: symkeyResponse(symkey()) },
  {
    name: 'SymkeyResponse with a restricted policy',
    xml: symkeyResponse(symkey({ kup: keyUsePolicy({ permissions: restrictedPermissions() }) })),
  },
  {
    name: 'SymkeyResponse with key, work in progress and error',
    xml: symkeyResponse(symkey() + symkeyWorkInProgress() + symkeyError()),
  },
  { name: 'SymkeyResponse with work in progress only', xml: symkeyResponse(symkeyWorkInProgress('60')) },
  {
    name: 'SymkeyResponse with errors only',
    xml: symkeyResponse(symkeyError() + symkeyError('10514-1-235', '10514-1-12')),
  },
  { name: 'KeyCachePolicyRequest', xml: `<ekmi:KeyCachePolicyRequest ${NS}/>` },
  { name: 'KeyCachePolicyResponse with one policy', xml: keyCachePolicyResponse(keyCachePolicy()) },
  {
    name: 'KeyCachePolicyResponse with two policies, zero check interval',
    xml: keyCachePolicyResponse(
      keyCachePolicy({ interval: '0', endDate: '<ekmi:EndDate>2026-01-01T00:00:00Z</ekmi:EndDate>' }) +
        keyCachePolicy({ interval: '2592000' }),
    ),
  },
];

/** Valid only in the project's set (SOAP, WS-Security): the draft set has no envelope schema. */
export const VALID_ENVELOPES: readonly Sample[] = [
  { name: 'SOAP 1.2 envelope, signed header, SymkeyRequest body', xml: soap12Envelope(NEW_KEY_REQUEST) },
  {
    name: 'SOAP 1.1 envelope with KeyCachePolicyRequest',
    xml: soap11Envelope(`<ekmi:KeyCachePolicyRequest ${NS}/>`),
  },
  {
    name: 'SOAP 1.2 Fault',
    xml: soap12Envelope(
      '<env:Fault><env:Code><env:Value>env:Sender</env:Value></env:Code>' +
        '<env:Reason><env:Text xml:lang="en">bad request</env:Text></env:Reason></env:Fault>',
    ),
  },
];

export const INVALID_SAMPLES: readonly Sample[] = [
  { name: 'empty SymkeyRequest', xml: symkeyRequest(''), breaks: 'SKSML-MSG-2' },
  {
    name: 'SymkeyRequest mixing GlobalKeyID and SymkeyRequestID',
    xml: symkeyRequest(
      '<ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID><ekmi:SymkeyRequestID>10514-1-1</ekmi:SymkeyRequestID>',
    ),
    breaks: 'SKSML-MSG-2',
  },
  {
    name: 'GlobalKeyID with 21-digit part',
    xml: symkeyRequest('<ekmi:GlobalKeyID>10514-1-123456789012345678901</ekmi:GlobalKeyID>'),
    breaks: 'SKSML-MSG-5',
  },
  {
    name: 'GlobalKeyID with letters',
    xml: symkeyRequest('<ekmi:GlobalKeyID>10514-a-1</ekmi:GlobalKeyID>'),
    breaks: 'SKSML-MSG-5',
  },
  {
    name: 'KeyClasses without KeyClass',
    xml: symkeyRequest('<ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID><ekmi:KeyClasses/>'),
    breaks: 'SKSML-MSG-3',
  },
  {
    name: 'KeyClass longer than 255',
    xml: symkeyRequest(
      `<ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID><ekmi:KeyClasses><ekmi:KeyClass>${'k'.repeat(256)}</ekmi:KeyClass></ekmi:KeyClasses>`,
    ),
    breaks: 'SKSML-MSG-4',
  },
  {
    name: 'unknown child in SymkeyRequest',
    xml: symkeyRequest('<ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID><ekmi:Extra/>'),
    breaks: 'SKSML-MSG-2',
  },
  {
    name: 'SymkeyResponse with error before key',
    xml: symkeyResponse(symkeyError() + symkey()),
    breaks: 'SKSML-MSG-8',
  },
  {
    name: 'KeySize 100',
    xml: symkeyResponse(symkey({ kup: keyUsePolicy({ keySize: '100' }) })),
    breaks: 'SKSML-MSG-17',
  },
  {
    name: 'Permissions missing PermittedUses',
    xml: symkeyResponse(
      symkey({
        kup: keyUsePolicy({
          permissions: unrestrictedPermissions().replace(/<ekmi:PermittedUses[^>]*\/>/, ''),
        }),
      }),
    ),
    breaks: 'SKSML-MSG-19',
  },
  {
    name: 'unprefixed any attribute',
    xml: symkeyResponse(
      symkey({
        kup: keyUsePolicy({
          permissions: unrestrictedPermissions().replace('ekmi:any="true"', 'any="true"'),
        }),
      }),
    ),
    breaks: 'SKSML-MSG-20',
  },
  {
    name: 'RequestCheckInterval 59',
    xml: symkeyResponse(symkeyWorkInProgress('59')),
    breaks: 'SKSML-MSG-14',
  },
  {
    name: 'RequestCheckInterval 604801',
    xml: symkeyResponse(symkeyWorkInProgress('604801')),
    breaks: 'SKSML-MSG-14',
  },
  {
    name: 'ErrorMessage longer than 1024',
    xml: symkeyResponse(symkeyError().replace('Unauthorized request for key', 'x'.repeat(1025))),
    breaks: 'SKSML-MSG-12',
  },
  {
    name: 'KeyCachePolicyRequest with a child',
    xml: `<ekmi:KeyCachePolicyRequest ${NS}><ekmi:KeyClass>x</ekmi:KeyClass></ekmi:KeyCachePolicyRequest>`,
    breaks: 'SKSML-MSG-31',
  },
  {
    name: 'KeyCachePolicyRequest with an attribute',
    xml: `<ekmi:KeyCachePolicyRequest ${NS} id="1"/>`,
    breaks: 'SKSML-MSG-31',
  },
  { name: 'empty KeyCachePolicyResponse', xml: keyCachePolicyResponse(''), breaks: 'SKSML-MSG-32' },
  {
    name: 'PolicyCheckInterval above 30 days',
    xml: keyCachePolicyResponse(keyCachePolicy({ interval: '2592001' })),
    breaks: 'SKSML-MSG-34',
  },
  {
    name: 'MaximumKeys above 2^64-1',
    xml: keyCachePolicyResponse(keyCachePolicy().replace('18446744073709551615', '18446744073709551616')),
    breaks: 'SKSML-MSG-35',
  },
  {
    name: 'element not in the SKSML namespace',
    xml: '<SymkeyRequest><GlobalKeyID>10514-0-0</GlobalKeyID></SymkeyRequest>',
    breaks: 'SKSML-MSG-1',
  },
];

/** Invalid in the project's set, valid in the DRAFT 8.0 working copy: the errata at work. */
export const ERRATA_DIVERGENT: readonly Sample[] = [
  { name: 'empty SymkeyResponse', xml: symkeyResponse(''), breaks: 'E1' },
  {
    name: 'GlobalKeyID with leading zeros',
    xml: symkeyRequest('<ekmi:GlobalKeyID>010514-001-0002</ekmi:GlobalKeyID>'),
    breaks: 'E2',
  },
  {
    name: 'SymkeyRequestID with a zero part',
    xml: symkeyRequest('<ekmi:SymkeyRequestID>10514-0-0</ekmi:SymkeyRequestID>'),
    breaks: 'E3',
  },
  {
    name: 'GlobalKeyID with half-zero form',
    xml: symkeyRequest('<ekmi:GlobalKeyID>10514-0-5</ekmi:GlobalKeyID>'),
    breaks: 'E4',
  },
  {
    name: 'GlobalKeyID with DomainID 0',
    xml: symkeyRequest('<ekmi:GlobalKeyID>0-0-0</ekmi:GlobalKeyID>'),
    breaks: 'E4',
  },
  {
    name: 'Symkey carrying the new-key GlobalKeyID',
    xml: symkeyResponse(symkey({ globalKeyID: '10514-0-0' })),
    breaks: 'E5',
  },
  {
    name: 'empty KeyClass',
    xml: symkeyRequest(
      '<ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID><ekmi:KeyClasses><ekmi:KeyClass/></ekmi:KeyClasses>',
    ),
    breaks: 'E6',
  },
  {
    name: 'empty X509EncryptionCertificate',
    xml: symkeyRequest('<ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID><ekmi:X509EncryptionCertificate/>'),
    breaks: 'E7',
  },
  {
    name: 'text inside KeyUsePolicy',
    xml: symkeyResponse(symkey({ kup: keyUsePolicy({ extra: 'stray text' }) })),
    breaks: 'E9',
  },
  {
    name: 'text inside KeyCachePolicy',
    xml: keyCachePolicyResponse(keyCachePolicy({ extra: 'stray text' })),
    breaks: 'E9',
  },
  {
    name: 'latitude above 90',
    xml: symkeyResponse(
      symkey({
        kup: keyUsePolicy({ permissions: restrictedPermissions().replace('37.3860517', '137.3860517') }),
      }),
    ),
    breaks: 'E15',
  },
];

/** Invalid envelopes (project set only). */
export const INVALID_ENVELOPES: readonly Sample[] = [
  {
    name: 'unknown element in SOAP Body (strict)',
    xml: soap12Envelope(`<ekmi:SymkeyRequst ${NS}/>`),
    breaks: 'schemas/README.md: Body strict',
  },
  {
    name: 'Timestamp Created not a dateTime',
    xml: soap12Envelope(`<ekmi:KeyCachePolicyRequest ${NS}/>`, { created: 'yesterday' }),
    breaks: 'wsu:Created',
  },
  {
    name: 'duplicate wsu:Id',
    xml: soap12Envelope(`<ekmi:KeyCachePolicyRequest ${NS}/>`, { bodyId: 'TS-1' }),
    breaks: 'wsu:Id is an ID',
  },
  {
    name: 'SOAP 1.2 envelope without Body',
    xml: `<env:Envelope xmlns:env="${SOAP12}"><env:Header/></env:Envelope>`,
    breaks: 'SOAP 1.2',
  },
];
