// One code, one subject (一码索引): the key a subject is filed under.
import { isUsccPlaceholder, orgCodeFromUscc } from '../../kernel/codes/uscc.ts';
import { maskIdNumber } from '../../kernel/codes/id-number.ts';
import type { FieldCrypto } from '../../kernel/crypto.ts';
import type { SubjectIdentity } from '../catalog/catalog.types.ts';

export type SubjectKind = 'organization' | 'individual_business' | 'person';

export type SubjectRow = {
  key: string;
  kind: SubjectKind;
  name: string;
  uscc: string | null;
  orgCode: string | null;
  regNo: string | null;
  idType: string | null;
  idBlind: string | null;
  idCipher: string | null;
  idMasked: string | null;
};

export function subjectKeyOf(identity: SubjectIdentity, crypto: FieldCrypto): string {
  if (identity.kind === 'person') return `ID:${identity.idType}:${crypto.blindIndex(identity.idNumber)}`;
  if (isUsccPlaceholder(identity.uscc)) return `REGNO:${identity.regNo}`;
  return `USCC:${identity.uscc}`;
}

export function subjectRowOf(identity: SubjectIdentity, crypto: FieldCrypto): SubjectRow {
  const key = subjectKeyOf(identity, crypto);
  if (identity.kind === 'person')
    return {
      key,
      kind: 'person',
      name: identity.name,
      uscc: null,
      orgCode: null,
      regNo: null,
      idType: identity.idType,
      idBlind: crypto.blindIndex(identity.idNumber),
      idCipher: crypto.encrypt(identity.idNumber),
      idMasked: maskIdNumber(identity.idNumber),
    };
  const placeholder = isUsccPlaceholder(identity.uscc);
  return {
    key,
    kind: identity.kind,
    name: identity.name,
    uscc: placeholder ? null : identity.uscc,
    orgCode: placeholder ? null : orgCodeFromUscc(identity.uscc),
    regNo: identity.regNo ?? null,
    idType: null,
    idBlind: null,
    idCipher: null,
    idMasked: null,
  };
}
