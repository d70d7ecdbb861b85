// JSON schemas of the access API: staff sign-in and the administration of users, departments
// and API clients (shared with the work portal).
import { ROLES } from './access.rules.ts';
import { ALL_SCOPES } from './clients.store.ts';
import type { SchemaType } from '../../kernel/http-schemas.ts';


const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

export const roleSchema = {
  type: 'string',
  enum: [...ROLES],
  description: 'platform_admin 平台管理员 · operator 运营人员 · department_admin 部门管理员 · department_clerk 部门业务员 · auditor 审计员 · tip_handler 举报办理员',
} as const;

export const departmentRefSchema = {
  type: ['object', 'null'],
  properties: { id: { type: 'integer' }, uscc: { type: 'string' }, name: { type: 'string' } },
  required: ['id', 'uscc', 'name'],
} as const;

export const staffUserSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: roleSchema,
    regionCode: { type: 'string' },
    regionName: { type: 'string', description: 'e.g. 河北省 石家庄市' },
    department: departmentRefSchema,
    totpEnabled: { type: 'boolean' },
    passwordChangeRequired: { type: 'boolean', description: 'true: every route but sign-out, me and password change answers 403 PASSWORD_CHANGE_REQUIRED' },
    disabled: { type: 'boolean' },
    lastSignInAt: nullableDateTime,
    createdAt: dateTime,
  },
  required: ['id', 'username', 'displayName', 'role', 'regionCode', 'regionName', 'department', 'totpEnabled', 'passwordChangeRequired', 'disabled', 'createdAt'],
} as const;

export const listedStaffUserSchema = {
  ...staffUserSchema,
  properties: { ...staffUserSchema.properties, lockedUntil: { ...nullableDateTime, description: 'set while sign-in is locked after failures' } },
} as const;

export const totpEnrolmentSchema = {
  type: 'object',
  description: 'One-time TOTP enrolment (RFC 6238, SHA-1, 6 digits, 30 s): shown once, never again',
  properties: { uri: { type: 'string', description: 'otpauth:// URI (QR code content)' }, secret: { type: 'string', description: 'base32 secret' } },
  required: ['uri', 'secret'],
} as const;

export const issuedUserSchema = {
  type: 'object',
  properties: {
    user: staffUserSchema,
    password: { type: 'string', description: 'generated password, shown once; the user must change it at first sign-in' },
    totp: totpEnrolmentSchema,
  },
  required: ['user'],
} as const;

export const signInBody = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 256 },
    totp: { type: 'string', maxLength: 10, description: '6-digit one-time code; required for platform_admin and operator, and for every account with TOTP enabled' },
  },
  required: ['username', 'password'],
  additionalProperties: false,
} as const;

export const passwordChangeBody = {
  type: 'object',
  properties: { currentPassword: { type: 'string', minLength: 1, maxLength: 256 }, newPassword: { type: 'string', minLength: 1, maxLength: 256 } },
  required: ['currentPassword', 'newPassword'],
  additionalProperties: false,
} as const;

export const newUserBody = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 3, maxLength: 32 },
    displayName: { type: 'string', minLength: 1, maxLength: 64 },
    role: roleSchema,
    regionCode: { type: 'string', pattern: '^\\d{6}$', description: 'non-department roles; default: the administrator’s own region' },
    departmentId: { type: 'integer', description: 'required for department roles (the user takes the department’s region)' },
    password: { type: 'string', maxLength: 256, description: 'absent: one is generated and returned once' },
  },
  required: ['username', 'displayName', 'role'],
  additionalProperties: false,
} as const;

export const userChangeBody = {
  type: 'object',
  properties: {
    displayName: { type: 'string', minLength: 1, maxLength: 64 },
    role: roleSchema,
    disabled: { type: 'boolean', description: 'true ends the user’s sessions' },
    resetLock: { type: 'boolean', description: 'clears failed sign-ins and the lockout' },
    resetPassword: { type: 'boolean', description: 'generates a new password, returned once' },
    resetTotp: { type: 'boolean', description: 'new TOTP enrolment, returned once (lost authenticator)' },
  },
  minProperties: 1,
  additionalProperties: false,
} as const;

export const departmentSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    uscc: { type: 'string' },
    name: { type: 'string' },
    regionCode: { type: 'string' },
    regionName: { type: 'string' },
    level: { type: 'string', enum: ['province', 'city', 'county'] },
    kinds: { type: 'array', items: { type: 'string' } },
    active: { type: 'boolean' },
    industry: {
      type: ['object', 'null'],
      description: 'an association’s industry (行业): GB/T 4754-2017 section and its own name for the trade; null for other departments',
      properties: { code: { type: 'string' }, name: { type: 'string' } },
      required: ['code', 'name'],
    },
  },
  required: ['id', 'uscc', 'name', 'regionCode', 'regionName', 'level', 'kinds', 'active'],
} as const;

export const newDepartmentBody = {
  type: 'object',
  properties: {
    uscc: { type: 'string', minLength: 18, maxLength: 18 },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    regionCode: { type: 'string', pattern: '^\\d{6}$' },
    kinds: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 40 }, description: 'what the department is, from the fixed list rules/department-kinds.json: market-regulation, finance, court, tax, …; privileged kinds only by a province-level platform administrator' },
    kindsReason: { type: 'string', maxLength: 500, description: 'why a privileged kind is granted (required then; audited)' },
    industry: {
      type: 'object',
      description: 'required for an association (行业协会商会): its industry, a GB/T 4754-2017 section (rules/department-kinds.json industries: A–T) and its own name for the trade (律师行业)',
      properties: { code: { type: 'string', minLength: 1, maxLength: 2 }, name: { type: 'string', minLength: 1, maxLength: 100 } },
      required: ['code', 'name'],
      additionalProperties: false,
    },
  },
  required: ['uscc', 'name', 'regionCode'],
  additionalProperties: false,
} as const;

const scopeSchema = { type: 'string', enum: [...ALL_SCOPES] } as const;

export const clientSchema = {
  type: 'object',
  properties: {
    keyId: { type: 'string' },
    name: { type: 'string' },
    department: { type: 'object', properties: { uscc: { type: 'string' }, name: { type: 'string' } }, required: ['uscc', 'name'] },
    scopes: { type: 'array', items: scopeSchema },
    createdAt: dateTime,
    revokedAt: nullableDateTime,
    secrets: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          secretId: { type: 'string' },
          createdAt: dateTime,
          expiresAt: nullableDateTime,
          retiredAt: nullableDateTime,
          lastUsedAt: nullableDateTime,
          active: { type: 'boolean' },
        },
        required: ['secretId', 'createdAt', 'active'],
      },
    },
  },
  required: ['keyId', 'name', 'department', 'scopes', 'createdAt', 'revokedAt', 'secrets'],
} as const;

export const newClientBody = {
  type: 'object',
  properties: {
    departmentId: { type: 'integer' },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    scopes: { type: 'array', minItems: 1, uniqueItems: true, items: scopeSchema },
  },
  required: ['departmentId', 'name', 'scopes'],
  additionalProperties: false,
} as const;

export const issuedClientSchema = {
  type: 'object',
  description: 'The new client and its first signing secret, shown once',
  properties: {
    client: clientSchema,
    signingKeyId: { type: 'string', description: 'goes into X-Xy-Key-Id' },
    secret: { type: 'string', description: 'HMAC-SHA256 key (base64url); shown once' },
    credential: { type: 'string', description: '<signingKeyId>:<secret>, for tools that take one string' },
  },
  required: ['client', 'signingKeyId', 'secret', 'credential'],
} as const;

export const idParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } as const;
export const keyIdParams = { type: 'object', properties: { keyId: { type: 'string', pattern: '^xk_[0-9a-f]{16}$' } }, required: ['keyId'] } as const;

// Types of what the schemas describe, for the routes and the web app (`import type`).
export type Role = SchemaType<typeof roleSchema>;
export type DepartmentRef = SchemaType<typeof departmentRefSchema>;
export type StaffUser = SchemaType<typeof staffUserSchema>;
export type ListedStaffUser = SchemaType<typeof listedStaffUserSchema>;
export type TotpEnrolment = SchemaType<typeof totpEnrolmentSchema>;
export type IssuedUser = SchemaType<typeof issuedUserSchema>;
export type DepartmentInfo = SchemaType<typeof departmentSchema>;
export type ApiClientInfo = SchemaType<typeof clientSchema>;
export type ApiClientSecret = ApiClientInfo['secrets'][number];
export type ClientScope = ApiClientInfo['scopes'][number];
export type IssuedClient = SchemaType<typeof issuedClientSchema>;
