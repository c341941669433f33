/** A curl command line that replays one recorded request (the body saved next to the report). */
import type { HttpEvidence } from '../model/result.ts';

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function curlLine(exchange: HttpEvidence, requestFile: string): string {
  const { request } = exchange;
  const parts = ['curl', '-X', request.method];
  if (request.method !== 'GET') parts.push('--data-binary', shellQuote(`@${requestFile}`));
  for (const [name, value] of Object.entries(request.headers)) {
    const display = name === 'content-type' ? 'Content-Type' : name === 'soapaction' ? 'SOAPAction' : name;
    parts.push('-H', shellQuote(`${display}: ${value}`));
  }
  parts.push(shellQuote(request.url));
  return parts.join(' ');
}
