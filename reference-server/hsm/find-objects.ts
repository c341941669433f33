import type { Pkcs11Module } from './pkcs11-library.ts';
import type { Pkcs11Handle } from './pkcs11-session.ts';
import type pkcs11js from 'pkcs11js';

/** Up to `max` objects matching `template` (C_FindObjectsInit / C_FindObjects / C_FindObjectsFinal). */
export function findObjects(
  module: Pkcs11Module,
  session: Pkcs11Handle,
  template: pkcs11js.Template,
  max = 2,
): Pkcs11Handle[] {
  module.C_FindObjectsInit(session, template);
  try {
    return module.C_FindObjects(session, max);
  } finally {
    module.C_FindObjectsFinal(session);
  }
}
