/**
 * Stage 1 (before the body is read): the HTTP binding decides the SOAP version and the announced
 * action from the method and headers, and refuses a declared Content-Length over the limit with
 * 413 before a byte of the body is read (SKSML-BIND-10, -12, -13, -16, -17, -24).
 */
import {
  decideHttpRequest,
  type HttpRequestBinding,
  type HttpRequestHead,
} from '../../protocol/soap/http-binding.ts';

export function decideBinding(head: HttpRequestHead, maxBodyBytes: number): HttpRequestBinding {
  return decideHttpRequest(head, { maxBytes: maxBodyBytes });
}
