/** The suite: every case, in report order. One file per case; cases are data (model/case.ts). */
import type { ConformanceCase } from '../model/case.ts';
import { newKeyDefaultClass } from './new-key-default-class.ts';
import { newKeyEachProfileClass } from './new-key-each-profile-class.ts';
import { newKeysTwoClassesDistinct } from './new-keys-two-classes-distinct.ts';
import { newKeyFreshAcrossRequests } from './new-key-fresh-across-requests.ts';
import { existingKeyRoundtrip } from './existing-key-roundtrip.ts';
import { newKeySoap11 } from './new-key-soap11.ts';
import { newKeySoapVersionEchoed } from './new-key-soap-version-echoed.ts';
import { newKeyNoAction } from './new-key-no-action.ts';
import { unknownKeySymkeyError } from './unknown-key-symkey-error.ts';
import { knownAndUnknownKeysAnswered } from './known-and-unknown-keys-answered.ts';
import { unknownNewKeyClassRefused } from './unknown-new-key-class-refused.ts';
import { otherClientsKeyRefused } from './other-clients-key-refused.ts';
import { secondClientOwnKey } from './second-client-own-key.ts';
import { x509EncryptionCertificateHonoured } from './x509-encryption-certificate-honoured.ts';
import { deactivatedClientRefused } from './deactivated-client-refused.ts';
import { foreignEncryptionCertificateRefused } from './foreign-encryption-certificate-refused.ts';
import { newKeyOtherDomain } from './new-key-other-domain.ts';
import { inactiveClassRefused } from './inactive-class-refused.ts';
import { pollUnknownRequestId } from './poll-unknown-request-id.ts';
import { kcpResponseValid } from './kcp-response-valid.ts';
import { asyncWorkInProgress } from './async-work-in-progress.ts';
import { wssUnsignedRequest } from './wss-unsigned-request.ts';
import { wssXswBodyInHeader } from './wss-xsw-body-in-header.ts';
import { wssXswDuplicateId } from './wss-xsw-duplicate-id.ts';
import { wssXswBodyInSecurity } from './wss-xsw-body-in-security.ts';
import { wssXswForeignId } from './wss-xsw-foreign-id.ts';
import { wssSecondSignature } from './wss-second-signature.ts';
import { wssTwoSignedInfo } from './wss-two-signed-info.ts';
import { wssCommentInDigest } from './wss-comment-in-digest.ts';
import { wssTimestampOnlySigned } from './wss-timestamp-only-signed.ts';
import { wssExternalReference } from './wss-external-reference.ts';
import { wssExtraReference } from './wss-extra-reference.ts';
import { wssHmacKeyConfusion } from './wss-hmac-key-confusion.ts';
import { wssCertificateInKeyinfo } from './wss-certificate-in-keyinfo.ts';
import { wssUntrustedCa } from './wss-untrusted-ca.ts';
import { wssSelfSigned } from './wss-self-signed.ts';
import { wssExpiredCertificate } from './wss-expired-certificate.ts';
import { wssNoDigitalSignatureUsage } from './wss-no-digital-signature-usage.ts';
import { wssStaleTimestamp } from './wss-stale-timestamp.ts';
import { wssFutureCreated } from './wss-future-created.ts';
import { wssMissingTimestamp } from './wss-missing-timestamp.ts';
import { wssLifetimeTooLong } from './wss-lifetime-too-long.ts';
import { wssLocalTimeTimestamp } from './wss-local-time-timestamp.ts';
import { wssRsaSha1Refused } from './wss-rsa-sha1-refused.ts';
import { wssSha1DigestRefused } from './wss-sha1-digest-refused.ts';
import { wssInclusiveC14nTransform } from './wss-inclusive-c14n-transform.ts';
import { wssC14nWithComments } from './wss-c14n-with-comments.ts';
import { wssTamperedBody } from './wss-tampered-body.ts';
import { wssTamperedSignature } from './wss-tampered-signature.ts';
import { wssSecurityNotMustUnderstand } from './wss-security-not-must-understand.ts';
import { wssSecurityForNextRole } from './wss-security-for-next-role.ts';
import { wssTokenWrongValueType } from './wss-token-wrong-value-type.ts';
import { wssTwoSecurityHeaders } from './wss-two-security-headers.ts';
import { wssKeyIdentifierReference } from './wss-key-identifier-reference.ts';
import { wssDoctypeAttack } from './wss-doctype-attack.ts';
import { wssReplayedRequest } from './wss-replayed-request.ts';
import { wssUniformSignatureFaults } from './wss-uniform-signature-faults.ts';
import { httpGetRefused } from './http-get-refused.ts';
import { httpWrongContentType } from './http-wrong-content-type.ts';
import { httpMissingContentType } from './http-missing-content-type.ts';
import { httpCharsetLatin1 } from './http-charset-latin1.ts';
import { httpOversizeBody } from './http-oversize-body.ts';
import { soapVersionMismatch } from './soap-version-mismatch.ts';
import { soapNotAnEnvelope } from './soap-not-an-envelope.ts';
import { soapActionMismatch } from './soap-action-mismatch.ts';
import { soapUnknownAction } from './soap-unknown-action.ts';
import { soap11MissingSoapaction } from './soap11-missing-soapaction.ts';
import { soapUnknownMustUnderstand } from './soap-unknown-must-understand.ts';
import { soapInvalidMustUnderstand } from './soap-invalid-must-understand.ts';
import { soapTwoBodyChildren } from './soap-two-body-children.ts';
import { soapTrailingElement } from './soap-trailing-element.ts';
import { soapEncodingStyle } from './soap-encoding-style.ts';
import { soapBodyNotARequest } from './soap-body-not-a-request.ts';
import { xmlMalformed } from './xml-malformed.ts';
import { xmlDoctypeExternalEntity } from './xml-doctype-external-entity.ts';
import { xmlEntityExpansion } from './xml-entity-expansion.ts';
import { xmlProcessingInstruction } from './xml-processing-instruction.ts';
import { requestEmptyKeyClasses } from './request-empty-key-classes.ts';
import { requestKeyClassTooLong } from './request-key-class-too-long.ts';
import { requestBlankKeyClass } from './request-blank-key-class.ts';
import { requestTwoPartGlobalKeyId } from './request-two-part-global-key-id.ts';
import { requestLeadingZeroGlobalKeyId } from './request-leading-zero-global-key-id.ts';
import { requestIdsAndPollMixed } from './request-ids-and-poll-mixed.ts';
import { requestBadEncryptionCertificate } from './request-bad-encryption-certificate.ts';
import { kcpRequestWithChild } from './kcp-request-with-child.ts';
import { requestWrongNamespace } from './request-wrong-namespace.ts';

export const ALL_CASES: readonly ConformanceCase[] = [
  newKeyDefaultClass,
  newKeyEachProfileClass,
  newKeysTwoClassesDistinct,
  newKeyFreshAcrossRequests,
  existingKeyRoundtrip,
  newKeySoap11,
  newKeySoapVersionEchoed,
  newKeyNoAction,
  unknownKeySymkeyError,
  knownAndUnknownKeysAnswered,
  unknownNewKeyClassRefused,
  otherClientsKeyRefused,
  secondClientOwnKey,
  x509EncryptionCertificateHonoured,
  deactivatedClientRefused,
  foreignEncryptionCertificateRefused,
  newKeyOtherDomain,
  inactiveClassRefused,
  pollUnknownRequestId,
  kcpResponseValid,
  asyncWorkInProgress,
  wssUnsignedRequest,
  wssXswBodyInHeader,
  wssXswDuplicateId,
  wssXswBodyInSecurity,
  wssXswForeignId,
  wssSecondSignature,
  wssTwoSignedInfo,
  wssCommentInDigest,
  wssTimestampOnlySigned,
  wssExternalReference,
  wssExtraReference,
  wssHmacKeyConfusion,
  wssCertificateInKeyinfo,
  wssUntrustedCa,
  wssSelfSigned,
  wssExpiredCertificate,
  wssNoDigitalSignatureUsage,
  wssStaleTimestamp,
  wssFutureCreated,
  wssMissingTimestamp,
  wssLifetimeTooLong,
  wssLocalTimeTimestamp,
  wssRsaSha1Refused,
  wssSha1DigestRefused,
  wssInclusiveC14nTransform,
  wssC14nWithComments,
  wssTamperedBody,
  wssTamperedSignature,
  wssSecurityNotMustUnderstand,
  wssSecurityForNextRole,
  wssTokenWrongValueType,
  wssTwoSecurityHeaders,
  wssKeyIdentifierReference,
  wssDoctypeAttack,
  wssReplayedRequest,
  wssUniformSignatureFaults,
  httpGetRefused,
  httpWrongContentType,
  httpMissingContentType,
  httpCharsetLatin1,
  httpOversizeBody,
  soapVersionMismatch,
  soapNotAnEnvelope,
  soapActionMismatch,
  soapUnknownAction,
  soap11MissingSoapaction,
  soapUnknownMustUnderstand,
  soapInvalidMustUnderstand,
  soapTwoBodyChildren,
  soapTrailingElement,
  soapEncodingStyle,
  soapBodyNotARequest,
  xmlMalformed,
  xmlDoctypeExternalEntity,
  xmlEntityExpansion,
  xmlProcessingInstruction,
  requestEmptyKeyClasses,
  requestKeyClassTooLong,
  requestBlankKeyClass,
  requestTwoPartGlobalKeyId,
  requestLeadingZeroGlobalKeyId,
  requestIdsAndPollMixed,
  requestBadEncryptionCertificate,
  kcpRequestWithChild,
  requestWrongNamespace,
];
