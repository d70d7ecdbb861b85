// JSON schemas of the subject-rights API (identity check, objections, repair, own file, access
// log); they feed the OpenAPI document and the web app.
import { paged, type RequestType, type SchemaType } from '../../kernel/http-schemas.ts';
import { EVIDENCE_TYPES, MAX_EVIDENCE_FILES } from './rights.service.ts';
import { gradeAnswerSchema } from '../classification/classification.schemas.ts';

const date = { type: 'string', format: 'date' } as const;
const nullableDate = { type: ['string', 'null'], format: 'date' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const instant = { type: 'string', description: 'ISO 8601 instant' } as const;
const nullableInstant = { type: ['string', 'null'], description: 'ISO 8601 instant' } as const;
const department = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id', 'name'] } as const;

export const SUBJECT_TOKEN_SECURITY = {
  type: 'apiKey',
  in: 'header',
  name: 'X-Xy-Subject-Token',
  description: 'A subject that proved who it is — through the identity provider (POST /public/identity/oidc/begin, then /complete), an enterprise certificate (POST /public/identity/certificate/challenges, then /verify), or a one-time code sent to a contact on file (POST /public/identity/challenges, then /verify) — answers the token (valid 30 minutes).',
} as const;

export const subjectSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'public id (uuid)' },
    kind: { type: 'string', enum: ['organization', 'individual_business', 'person'] },
    name: { type: 'string' },
    code: nullableString,
    maskedId: nullableString,
  },
  required: ['id', 'kind', 'name', 'code', 'maskedId'],
} as const;

const purpose = { type: 'string', enum: ['credit-file', 'objection', 'repair', 'report', 'authorization'], default: 'credit-file' } as const;

export const challengeRequestSchema = {
  type: 'object',
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 64, description: 'USCC, 工商注册号, 组织机构代码 or 居民身份证号码' },
    name: { type: 'string', minLength: 1, maxLength: 200, description: 'the subject’s name as registered (a person’s name)' },
    purpose,
    channel: { type: 'string', enum: ['mobile', 'email'], description: 'which kind of contact on file to prefer' },
  },
  required: ['code', 'name'],
  additionalProperties: false,
} as const;

const note = { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } }, required: ['zh', 'en'] } as const;

export const challengeAnswerSchema = {
  type: 'object',
  properties: {
    challengeId: { type: 'string', format: 'uuid' },
    expiresAt: instant,
    digits: { type: 'integer' },
    sentTo: { type: 'string', enum: ['contact-on-file'], description: 'codes go only to a contact on file; which one is never said here' },
    note,
  },
  required: ['challengeId', 'expiresAt', 'digits', 'sentTo', 'note'],
} as const;

export const verifyRequestSchema = {
  type: 'object',
  properties: { challengeId: { type: 'string', maxLength: 64 }, code: { type: 'string', minLength: 1, maxLength: 12 } },
  required: ['challengeId', 'code'],
  additionalProperties: false,
} as const;

export const verifyAnswerSchema = {
  type: 'object',
  properties: {
    token: { type: 'string', description: 'send as header X-Xy-Subject-Token' },
    expiresAt: instant,
    method: { type: 'string', enum: ['otp', 'oidc', 'certificate'] },
    subject: { anyOf: [subjectSummarySchema, { type: 'null' }], description: 'null when the proved identity has no record on the platform' },
    contacts: { type: 'array', items: { type: 'string' }, description: 'contacts on file, masked' },
  },
  required: ['token', 'expiresAt', 'method', 'subject', 'contacts'],
} as const;

export const oidcBeginSchema = {
  type: 'object',
  properties: { purpose, returnTo: { type: 'string', maxLength: 500, description: 'the portal page the provider sends the browser back to (one of XINYONG_OIDC_REDIRECT_URIS)' } },
  additionalProperties: false,
} as const;

export const oidcBeginAnswerSchema = {
  type: 'object',
  properties: {
    authorizationUrl: { type: 'string' },
    binding: { type: 'string', description: 'keep in the browser (session storage) and send with /complete: a callback carried to another browser does not complete' },
    expiresAt: instant,
    demonstration: { type: 'boolean', description: 'the provider is the labelled demonstration one (never in production)' },
  },
  required: ['authorizationUrl', 'binding', 'expiresAt', 'demonstration'],
} as const;

export const oidcCompleteSchema = {
  type: 'object',
  properties: { callback: { type: 'string', minLength: 1, maxLength: 4000, description: 'the query string the provider sent the browser back with' }, binding: { type: 'string', minLength: 1, maxLength: 100 } },
  required: ['callback', 'binding'],
  additionalProperties: false,
} as const;

export const certificateChallengeSchema = {
  type: 'object',
  properties: { purpose },
  additionalProperties: false,
} as const;

export const certificateChallengeAnswerSchema = {
  type: 'object',
  properties: {
    challengeId: { type: 'string', format: 'uuid' },
    text: { type: 'string', description: 'sign these exact UTF-8 bytes with the certificate’s SM2 key (SM3, signer id userId)' },
    expiresAt: instant,
    userId: { type: 'string' },
  },
  required: ['challengeId', 'text', 'expiresAt', 'userId'],
} as const;

export const certificateVerifySchema = {
  type: 'object',
  properties: {
    challengeId: { type: 'string', maxLength: 64 },
    certificate: { type: 'string', minLength: 1, maxLength: 20000, description: 'the enterprise certificate, PEM or base64 DER' },
    chain: { type: 'array', maxItems: 3, items: { type: 'string', maxLength: 20000 }, description: 'intermediate CA certificates, if any' },
    signature: { type: 'string', minLength: 1, maxLength: 400, description: 'SM2 signature of the text: DER or r‖s, base64 or hex' },
  },
  required: ['challengeId', 'certificate', 'signature'],
  additionalProperties: false,
} as const;

export const identityMethodsSchema = {
  type: 'object',
  properties: { oidc: { type: 'boolean' }, certificate: { type: 'boolean' }, otp: { type: 'boolean' } },
  required: ['oidc', 'certificate', 'otp'],
} as const;

export const subjectContactRequestSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string', minLength: 1, maxLength: 64, description: 'the subject’s code (USCC, ID number …) — one your department holds records of' },
    contact: { type: 'string', minLength: 1, maxLength: 254, description: 'mobile number or e-mail address from your department’s records' },
  },
  required: ['subject', 'contact'],
  additionalProperties: false,
} as const;

export const subjectContactAnswerSchema = {
  type: 'object',
  properties: { contact: { type: 'string', description: 'masked' }, added: { type: 'boolean' } },
  required: ['contact', 'added'],
} as const;

export const inPersonSchema = {
  type: 'object',
  description: '窗口代办: the identity document the staff member checked in person (the staff member is recorded and audited)',
  properties: { document: { type: 'string', enum: ['id_card', 'passport', 'residence_permit', 'business_license', 'authorization_letter'] }, checked: { type: 'boolean', const: true } },
  required: ['document', 'checked'],
  additionalProperties: false,
} as const;

export const evidenceUploadSchema = {
  type: 'object',
  properties: {
    filename: { type: 'string', minLength: 1, maxLength: 200 },
    contentType: { type: 'string', enum: [...EVIDENCE_TYPES] },
    contentBase64: { type: 'string', minLength: 1, description: 'file content, base64; at most 5 MB decoded' },
    purpose: { type: 'string', enum: ['evidence', 'obligations'], description: 'obligations: proof that the obligations were fulfilled (repair)' },
  },
  required: ['filename', 'contentType', 'contentBase64'],
  additionalProperties: false,
} as const;

const evidenceList = { type: 'array', maxItems: MAX_EVIDENCE_FILES, items: evidenceUploadSchema } as const;

export const evidenceSchema = {
  type: 'object',
  properties: { sha256: { type: 'string' }, filename: { type: 'string' }, contentType: { type: 'string' }, size: { type: 'integer' }, purpose: { type: 'string' } },
  required: ['sha256', 'filename', 'contentType', 'size', 'purpose'],
} as const;

const recordRef = {
  type: 'object',
  properties: {
    ref: { type: 'string', minLength: 1, maxLength: 200, description: '文书号 (决定书文号, 认定文书号, 案号)' },
    category: { type: 'string', description: 'needed only when one 文书号 names several records' },
  },
  required: ['ref'],
  additionalProperties: false,
} as const;

const applicant = {
  type: 'object',
  properties: { name: { type: 'string', maxLength: 100 }, contact: { type: 'string', maxLength: 254 } },
  additionalProperties: false,
} as const;

export const fileObjectionSchema = {
  type: 'object',
  properties: {
    records: { type: 'array', minItems: 1, maxItems: 20, items: recordRef },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    evidence: evidenceList,
    applicant,
  },
  required: ['records', 'reason'],
  additionalProperties: false,
} as const;

// 窗口代办: the subject (staff see its name on file) and the records the staff member may file on
export const windowRecordsSchema = {
  type: 'object',
  properties: {
    subject: subjectSummarySchema,
    records: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          category: { type: 'string' },
          categoryName: { type: 'string' },
          ref: { type: 'string' },
          decisionDate: date,
          department,
          status: { type: 'string', description: 'active, exited, revoked or repaired' },
          linked: { type: 'boolean', description: 'an organization’s record naming the person (legal representative)' },
          contestable: { type: 'boolean' },
          openObjection: { type: 'boolean' },
        },
        required: ['category', 'categoryName', 'ref', 'decisionDate', 'department', 'status', 'linked', 'contestable', 'openObjection'],
      },
    },
  },
  required: ['subject', 'records'],
} as const;
export type WindowRecords = SchemaType<typeof windowRecordsSchema>;

export const staffObjectionSchema = {
  ...fileObjectionSchema,
  properties: { ...fileObjectionSchema.properties, subject: { type: 'string', minLength: 1, maxLength: 64, description: 'the subject’s code (USCC, ID number …)' }, inPerson: inPersonSchema },
  required: ['subject', 'records', 'reason', 'inPerson'],
} as const;

export const decideObjectionSchema = {
  type: 'object',
  properties: {
    outcome: { type: 'string', enum: ['correct', 'revoke', 'uphold'] },
    note: { type: 'string', minLength: 1, maxLength: 2000, description: 'the department’s explanation (核实说明)' },
    fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'correct: the corrected values by field code or Chinese name (one record)' },
    items: { type: 'array', items: { type: 'integer', minimum: 1 }, description: 'which of your open items (seq); default all' },
  },
  required: ['outcome', 'note'],
  additionalProperties: false,
} as const;

const affectedCheck = {
  type: 'object',
  properties: {
    checkId: { type: 'string' },
    checkedAt: instant,
    department,
    scenario: { type: 'string' },
    scenarioName: { type: 'string', description: 'the scenario’s Chinese name' },
    matterRef: nullableString,
    measureId: { type: 'string' },
    measureName: { type: 'string', description: 'the measure’s Chinese name' },
    feedback: { ...nullableString, description: 'what the department said it did (applied …)' },
    record: { type: 'object', properties: { category: { type: 'string' }, ref: { type: 'string' } }, required: ['category', 'ref'] },
  },
  required: ['checkId', 'checkedAt', 'department', 'scenario', 'scenarioName', 'matterRef', 'measureId', 'measureName', 'feedback', 'record'],
} as const;

export const objectionSchema = {
  type: 'object',
  properties: {
    objectionId: { type: 'string', format: 'uuid' },
    number: { type: 'string' },
    status: { type: 'string', enum: ['open', 'decided'] },
    filedVia: { type: 'string', enum: ['portal', 'staff'] },
    filedAt: instant,
    filedOn: date,
    reason: { type: 'string' },
    subject: subjectSummarySchema,
    applicant: { type: ['object', 'null'], properties: { name: nullableString, contact: nullableString } },
    inPerson: {
      type: ['object', 'null'],
      description: 'staff only: filed at a service window, the identity document the staff member saw and who they were',
      properties: { document: inPersonSchema.properties.document, checkedBy: nullableString },
    },
    dueDate: { ...date, description: 'last day for the departments’ answers' },
    provisional: { type: 'boolean', description: 'the due date depends on a year whose holiday notice is not loaded yet' },
    workingDays: { type: 'integer' },
    rule: { type: 'string' },
    overdue: { type: 'boolean' },
    escalated: { type: 'boolean' },
    decidedAt: nullableInstant,
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          seq: { type: 'integer' },
          recordId: { type: 'string' },
          category: { type: 'string' },
          categoryName: { type: 'string' },
          ref: { type: 'string' },
          department,
          status: { type: 'string', enum: ['open', 'corrected', 'revoked', 'upheld'] },
          note: nullableString,
          decidedAt: nullableInstant,
          decidedOn: nullableDate,
          overdue: { type: 'boolean' },
          resultRecordId: nullableString,
          current: {
            type: ['object', 'null'],
            description: 'staff only: the record’s current version (fields as the catalog shows them, personal fields masked), what a correction starts from',
            properties: {
              recordId: { type: 'string' },
              version: { type: 'integer' },
              status: { type: 'string' },
              fields: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, value: { type: 'string' } }, required: ['code', 'name', 'value'] } },
            },
            required: ['recordId', 'version', 'status', 'fields'],
          },
        },
        required: ['seq', 'recordId', 'category', 'categoryName', 'ref', 'department', 'status', 'note', 'decidedAt', 'decidedOn', 'overdue', 'resultRecordId'],
      },
    },
    evidence: { type: 'array', items: evidenceSchema },
    affectedChecks: { type: 'array', items: affectedCheck, description: 'credit checks whose punishments a revoked or corrected record triggered' },
  },
  required: ['objectionId', 'number', 'status', 'filedVia', 'filedAt', 'filedOn', 'reason', 'subject', 'applicant', 'dueDate', 'provisional', 'workingDays', 'rule', 'overdue', 'escalated', 'decidedAt', 'items', 'evidence', 'affectedChecks'],
} as const;

export const objectionListSchema = paged(objectionSchema);

export const objectionStatsSchema = {
  type: 'object',
  properties: {
    from: date,
    to: date,
    departments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          department,
          items: { type: 'integer' },
          open: { type: 'integer' },
          decided: { type: 'integer' },
          onTime: { type: 'integer' },
          late: { type: 'integer' },
          openOverdue: { type: 'integer', description: 'still open after the due date: counted against the department' },
          corrected: { type: 'integer' },
          revoked: { type: 'integer' },
          upheld: { type: 'integer' },
        },
        required: ['department', 'items', 'open', 'decided', 'onTime', 'late', 'openOverdue', 'corrected', 'revoked', 'upheld'],
      },
    },
  },
  required: ['from', 'to', 'departments'],
} as const;

const missing = {
  type: 'object',
  properties: {
    code: { type: 'string', enum: ['NOT_REPAIRABLE', 'RECORD_NOT_CURRENT', 'MINIMUM_PERIOD', 'OBLIGATIONS_EVIDENCE', 'COMMITMENT', 'REPAIR_PENDING'] },
    zh: { type: 'string' },
    en: { type: 'string' },
    date: date,
  },
  required: ['code', 'zh', 'en'],
} as const;

const repairRecord = {
  type: 'object',
  properties: { id: { type: 'string' }, category: { type: 'string' }, categoryName: { type: 'string' }, ref: { type: 'string' }, department, decisionDate: date, status: { type: 'string' } },
  required: ['id', 'category', 'categoryName', 'ref', 'department'],
} as const;

export const eligibilitySchema = {
  type: 'object',
  properties: {
    eligible: { type: 'boolean' },
    earliestDate: { ...nullableDate, description: 'first day the record may be repaired (its minimum period has passed)' },
    repairable: { type: 'boolean' },
    basis: nullableString,
    missing: { type: 'array', items: missing, description: 'exactly what stands between the subject and an application' },
    record: repairRecord,
  },
  required: ['eligible', 'earliestDate', 'repairable', 'basis', 'missing', 'record'],
} as const;

export const applyRepairSchema = {
  type: 'object',
  properties: {
    ref: recordRef.properties.ref,
    category: recordRef.properties.category,
    obligations: { type: 'string', minLength: 1, maxLength: 2000, description: 'how the obligations of the decision were fulfilled' },
    commitment: { type: 'string', minLength: 1, maxLength: 2000, description: '信用承诺: published with an approval' },
    evidence: evidenceList,
    applicant,
  },
  required: ['ref', 'obligations', 'commitment'],
  additionalProperties: false,
} as const;

export const staffRepairSchema = {
  ...applyRepairSchema,
  properties: { ...applyRepairSchema.properties, subject: { type: 'string', minLength: 1, maxLength: 64 }, inPerson: inPersonSchema },
  required: ['subject', 'ref', 'obligations', 'commitment'],
} as const;

export const decideRepairSchema = {
  type: 'object',
  properties: { outcome: { type: 'string', enum: ['approve', 'refuse'] }, reason: { type: 'string', minLength: 1, maxLength: 2000 } },
  required: ['outcome', 'reason'],
  additionalProperties: false,
} as const;

export const repairSchema = {
  type: 'object',
  properties: {
    repairId: { type: 'string', format: 'uuid' },
    number: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'approved', 'refused'] },
    filedVia: { type: 'string', enum: ['portal', 'staff'] },
    filedAt: instant,
    filedOn: date,
    subject: subjectSummarySchema,
    applicant: { type: ['object', 'null'], properties: { name: nullableString, contact: nullableString } },
    record: repairRecord,
    obligations: { type: 'string' },
    commitment: { type: 'string' },
    earliestDate: nullableDate,
    dueDate: { ...date, description: 'last day for the department’s review' },
    provisional: { type: 'boolean' },
    workingDays: { type: 'integer' },
    rule: { type: 'string' },
    overdue: { type: 'boolean' },
    escalated: { type: 'boolean' },
    decision: {
      type: ['object', 'null'],
      properties: { outcome: { type: 'string', enum: ['approved', 'refused'] }, reason: { type: 'string' }, decidedAt: instant, decidedOn: date, resultRecordId: nullableString },
      required: ['outcome', 'reason', 'decidedAt', 'decidedOn', 'resultRecordId'],
    },
    evidence: { type: 'array', items: evidenceSchema },
  },
  required: ['repairId', 'number', 'status', 'filedVia', 'filedAt', 'filedOn', 'subject', 'applicant', 'record', 'obligations', 'commitment', 'earliestDate', 'dueDate', 'provisional', 'workingDays', 'rule', 'overdue', 'escalated', 'decision', 'evidence'],
} as const;

export const repairListSchema = paged(repairSchema);

export const repairResultsSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          number: { type: 'string' },
          decidedOn: date,
          subject: { type: 'object', properties: { name: { type: 'string' }, code: nullableString, kind: { type: 'string' } }, required: ['name', 'code', 'kind'] },
          record: { type: 'object', properties: { category: { type: 'string' }, categoryName: { type: 'string' }, ref: { type: 'string' } }, required: ['category', 'categoryName', 'ref'] },
          department: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
          commitment: { type: 'string', description: '信用承诺 the subject made' },
        },
        required: ['number', 'decidedOn', 'subject', 'record', 'department', 'commitment'],
      },
    },
    total: { type: 'integer' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
  },
  required: ['items', 'total', 'page', 'pageSize'],
} as const;

export const repairNoticeSchema = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    repairable: { type: 'boolean' },
    earliestDate: nullableDate,
    basis: nullableString,
    conditions: { type: 'array', items: { type: 'string' } },
    materials: { type: 'array', items: { type: 'string' } },
    how: { type: 'string' },
    reviewWorkingDays: { type: 'integer' },
    text: { type: 'string', description: 'the notice as one text (信用修复告知书)' },
    record: {
      type: 'object',
      properties: { id: { type: 'string' }, category: { type: 'string' }, categoryName: { type: 'string' }, ref: { type: 'string' }, decisionDate: date, department },
      required: ['id', 'category', 'categoryName', 'ref', 'decisionDate', 'department'],
    },
  },
  required: ['title', 'repairable', 'earliestDate', 'basis', 'conditions', 'materials', 'how', 'reviewWorkingDays', 'text', 'record'],
} as const;

const ownRecord = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    category: { type: 'string' },
    categoryName: { type: 'string' },
    listKind: { type: ['string', 'null'], enum: ['red', 'black', null] },
    ref: { type: 'string' },
    source: { type: 'object', properties: { department: { type: 'string' } }, required: ['department'] },
    decisionDate: date,
    severity: nullableString,
    status: { type: 'string', description: 'active, exited, revoked, repaired' },
    statusOn: nullableDate,
    statusReason: nullableString,
    validUntil: nullableDate,
    publication: { type: 'object', properties: { from: nullableDate, until: nullableDate, publicToday: { type: 'boolean' } }, required: ['from', 'until', 'publicToday'] },
    disputed: { type: 'boolean' },
    version: { type: 'integer' },
    via: {
      type: ['object', 'null'],
      properties: {
        role: { type: 'string' },
        organization: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, code: nullableString }, required: ['id', 'name', 'code'] },
      },
      required: ['role', 'organization'],
    },
    fields: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, value: { type: 'string' } }, required: ['code', 'name', 'value'] } },
    objection: { type: ['object', 'null'], properties: { number: { type: 'string' }, status: { type: 'string' }, note: nullableString, decidedOn: nullableDate } },
    repair: { type: ['object', 'null'], properties: { number: { type: 'string' }, status: { type: 'string' }, decidedOn: nullableDate } },
    repairNotice: { type: 'object', properties: { repairable: { type: 'boolean' }, earliestDate: nullableDate, how: { type: 'string' } }, required: ['repairable', 'earliestDate', 'how'] },
  },
  required: ['id', 'category', 'categoryName', 'ref', 'source', 'decisionDate', 'status', 'publication', 'disputed', 'version', 'fields', 'objection', 'repair', 'repairNotice'],
} as const;

export const ownFileSchema = {
  type: 'object',
  properties: {
    subject: { anyOf: [subjectSummarySchema, { type: 'null' }] },
    asOf: date,
    records: { type: 'array', items: ownRecord },
    linked: { type: 'array', items: ownRecord, description: 'serious records and blacklist entries of organizations that name the person' },
    classification: {
      anyOf: [gradeAnswerSchema, { type: 'null' }],
      description: 'the subject’s own credit grade (诚信积分 for a person) with its explanation; objected to through the records behind it (decisions/0016): each factor lists them by the ids of `records`',
    },
  },
  required: ['subject', 'asOf', 'records', 'linked'],
} as const;

export const accessLogSchema = {
  type: 'object',
  properties: {
    subject: { anyOf: [subjectSummarySchema, { type: 'null' }] },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          at: instant,
          kind: { type: 'string', enum: ['credit-check', 'data-read'] },
          by: { type: 'string' },
          byKind: { type: 'string' },
          purpose: nullableString,
          what: { type: 'array', items: { type: 'string' } },
          ref: nullableString,
          self: { type: 'boolean' },
          organization: { ...nullableString, description: 'the department that checked or whose staff member read' },
        },
        required: ['at', 'kind', 'by', 'byKind', 'purpose', 'what', 'ref', 'self'],
      },
    },
  },
  required: ['subject', 'entries'],
} as const;

// Types of what the schemas describe, for the routes and the web app (`import type`).
export type SubjectSummary = SchemaType<typeof subjectSummarySchema>;
export type ChallengeRequest = RequestType<typeof challengeRequestSchema>;
export type ChallengePurpose = NonNullable<ChallengeRequest['purpose']>;
export type Challenge = SchemaType<typeof challengeAnswerSchema>;
export type VerifyRequest = RequestType<typeof verifyRequestSchema>;
export type Verified = SchemaType<typeof verifyAnswerSchema>;
export type OidcBeginRequest = RequestType<typeof oidcBeginSchema>;
export type OidcBegin = SchemaType<typeof oidcBeginAnswerSchema>;
export type OidcCompleteRequest = RequestType<typeof oidcCompleteSchema>;
export type CertificateChallengeRequest = RequestType<typeof certificateChallengeSchema>;
export type CertificateChallenge = SchemaType<typeof certificateChallengeAnswerSchema>;
export type CertificateVerifyRequest = RequestType<typeof certificateVerifySchema>;
export type IdentityMethods = SchemaType<typeof identityMethodsSchema>;
export type EvidenceUpload = RequestType<typeof evidenceUploadSchema>;
export type Evidence = SchemaType<typeof evidenceSchema>;
export type FileObjectionRequest = RequestType<typeof fileObjectionSchema>;
export type StaffObjectionRequest = RequestType<typeof staffObjectionSchema>;
export type Objection = SchemaType<typeof objectionSchema>;
export type ObjectionItem = Objection['items'][number];
export type AffectedCheck = Objection['affectedChecks'][number];
export type RepairEligibility = SchemaType<typeof eligibilitySchema>;
export type Missing = RepairEligibility['missing'][number];
export type RepairRecord = RepairEligibility['record'];
export type ApplyRepairRequest = RequestType<typeof applyRepairSchema>;
export type Repair = SchemaType<typeof repairSchema>;
export type OwnFile = SchemaType<typeof ownFileSchema>;
export type OwnRecord = OwnFile['records'][number];
export type AccessLog = SchemaType<typeof accessLogSchema>;
export type AccessEntry = AccessLog['entries'][number];
export type DecideObjectionRequest = RequestType<typeof decideObjectionSchema>;
export type DecideRepairRequest = RequestType<typeof decideRepairSchema>;
export type ObjectionStats = SchemaType<typeof objectionStatsSchema>;
