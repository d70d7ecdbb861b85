// JSON schemas of credit classification: the grade with its explanation (staff), the grade beside
// the measures in a credit check, full runs and statistics.
import { paged, pageQuery, type SchemaType } from '../../kernel/http-schemas.ts';

const nullableString = { type: ['string', 'null'] } as const;

const recordRefSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    category: { type: 'string' },
    categoryName: { type: 'string' },
    ref: { type: 'string' },
    department: { type: 'string' },
    decisionDate: { type: 'string', format: 'date' },
    severity: nullableString,
    status: { type: 'string' },
    current: { type: 'boolean', description: 'false: the graded version has been superseded since (the grade is being recomputed)' },
  },
  required: ['id', 'category', 'categoryName', 'ref', 'department', 'decisionDate', 'severity', 'status', 'current'],
} as const;

const decisionSchema = {
  type: 'object',
  properties: { by: { type: 'string', enum: ['direct', 'band', 'insufficient'] }, zh: { type: 'string' }, en: { type: 'string' } },
  required: ['by', 'zh', 'en'],
} as const;

const keySupervisionSchema = <R extends object>(records: R) =>
  ({
    type: 'object',
    description: '重点监管对象: flagged while records in the six domains of 冀政办字〔2017〕91号 四(一) are in force',
    properties: {
      flagged: { type: 'boolean' },
      domains: {
        type: 'array',
        items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, records: { type: 'array', items: records } }, required: ['code', 'name', 'records'] },
      },
    },
    required: ['flagged', 'domains'],
  }) as const;

export const historyEntrySchema = {
  type: 'object',
  properties: {
    from: nullableString,
    to: { type: 'string' },
    scoreFrom: { type: ['number', 'null'] },
    scoreTo: { type: 'number' },
    keyFrom: { type: ['boolean', 'null'] },
    keyTo: { type: 'boolean' },
    reason: { type: 'string', description: 'file-changed, review-date, first-grade, run:<id>' },
    model: { type: 'string' },
    changedOn: { type: 'string', format: 'date' },
    changedAt: { type: 'string' },
  },
  required: ['from', 'to', 'scoreFrom', 'scoreTo', 'keyFrom', 'keyTo', 'reason', 'model', 'changedOn', 'changedAt'],
} as const;

export const gradeAnswerSchema = {
  type: 'object',
  properties: {
    subject: { type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, code: nullableString }, required: ['id', 'kind', 'name', 'code'] },
    grade: { type: 'string' },
    gradeName: { type: 'string' },
    scale: { type: 'string', enum: ['grades', 'points'], description: 'points: 诚信积分 of a person (bands, never public)' },
    score: { type: 'number' },
    insufficient: { type: 'boolean', description: 'nothing on file: graded B (insufficient information)' },
    decision: decisionSchema,
    factors: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, points: { type: 'number' }, records: { type: 'array', items: recordRefSchema } }, required: ['id', 'name', 'points', 'records'] },
    },
    keySupervision: keySupervisionSchema(recordRefSchema),
    model: { type: 'string' },
    computedAt: { type: 'string' },
    gradedOn: { type: 'string', format: 'date' },
    inspectionRatio: { type: 'number', description: 'share of subjects of this grade recommended for 双随机 抽查' },
    history: { type: 'array', items: historyEntrySchema },
  },
  required: ['subject', 'grade', 'gradeName', 'scale', 'score', 'insufficient', 'decision', 'factors', 'keySupervision', 'model', 'computedAt', 'gradedOn', 'inspectionRatio', 'history'],
} as const;

const checkRecordSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, category: { type: 'string' }, ref: { type: 'string' }, decisionDate: { type: 'string', format: 'date' } },
  required: ['id', 'category', 'ref', 'decisionDate'],
} as const;

// Beside the measures in a credit check (departments only; a person's grade only to a requester
// who may read their non-public records).
export const checkClassificationSchema = {
  type: ['object', 'null'],
  properties: {
    grade: { type: 'string' },
    gradeName: { type: 'string' },
    scale: { type: 'string', enum: ['grades', 'points'] },
    score: { type: 'number' },
    insufficient: { type: 'boolean' },
    inspectionRatio: { type: 'number' },
    model: { type: 'string' },
    computedAt: { type: 'string' },
    keySupervision: keySupervisionSchema(checkRecordSchema),
  },
  required: ['grade', 'gradeName', 'scale', 'score', 'insufficient', 'inspectionRatio', 'model', 'computedAt', 'keySupervision'],
} as const;

export const subjectGradeParams = { type: 'object', properties: { code: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['code'] } as const;

// A person's grade is read from their non-public file: the purpose and the matter, as for a full report.
export const subjectGradeQuery = {
  type: 'object',
  properties: { purpose: { type: 'string', maxLength: 200 }, matterRef: { type: 'string', maxLength: 64 } },
  additionalProperties: false,
} as const;

export const runSchema = {
  type: 'object',
  properties: {
    runId: { type: 'string', format: 'uuid' },
    model: { type: 'string' },
    source: { type: 'string' },
    applies: { type: 'boolean', description: 'true: the model in force, the current grades follow; false: a trial, results kept beside them' },
    status: { type: 'string', enum: ['queued', 'running', 'completed', 'failed'] },
    total: { type: 'integer' },
    done: { type: 'integer' },
    startedAt: { type: 'string' },
    finishedAt: nullableString,
    failure: nullableString,
    distribution: { type: 'array', items: { type: 'object', properties: { grade: { type: 'string' }, subjects: { type: 'integer' } }, required: ['grade', 'subjects'] } },
  },
  required: ['runId', 'model', 'source', 'applies', 'status', 'total', 'done', 'startedAt', 'finishedAt', 'failure', 'distribution'],
} as const;

export const runParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export const statsSchema = {
  type: 'object',
  properties: {
    asOf: { type: 'string', format: 'date' },
    model: { type: 'string' },
    byGrade: { type: 'array', items: { type: 'object', properties: { scope: { type: 'string' }, grade: { type: 'string' }, subjects: { type: 'integer' } }, required: ['scope', 'grade', 'subjects'] } },
    byRegion: {
      type: 'array',
      items: { type: 'object', properties: { region: nullableString, scope: { type: 'string' }, grade: { type: 'string' }, subjects: { type: 'integer' } }, required: ['region', 'scope', 'grade', 'subjects'] },
    },
    keySupervision: { type: 'integer' },
    insufficient: { type: 'integer' },
    pending: { type: 'integer', description: 'subjects whose file changed and whose grade is being recomputed' },
  },
  required: ['asOf', 'model', 'byGrade', 'byRegion', 'keySupervision', 'insufficient', 'pending'],
} as const;

export const keySupervisionQuery = {
  type: 'object',
  properties: { ...pageQuery },
  additionalProperties: false,
} as const;

export const keySupervisionItemSchema = {
  type: 'object',
  properties: {
    subject: { type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, code: nullableString }, required: ['id', 'kind', 'name', 'code'] },
    domains: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, records: { type: 'integer' } }, required: ['code', 'name', 'records'] } },
    grade: { type: 'string' },
    computedAt: { type: 'string' },
  },
  required: ['subject', 'domains', 'grade', 'computedAt'],
} as const;
export const keySupervisionPageSchema = paged(keySupervisionItemSchema);

export type GradeAnswerBody = SchemaType<typeof gradeAnswerSchema>;
export type CheckClassificationBody = SchemaType<typeof checkClassificationSchema>;
export type ClassificationRun = SchemaType<typeof runSchema>;
export type ClassificationStats = SchemaType<typeof statsSchema>;
export type KeySupervisionPage = SchemaType<typeof keySupervisionPageSchema>;

// Practitioners of a key occupational group (职业信用), for staff of its competent department.
export const practitionersParams = {
  type: 'object',
  properties: { occupation: { type: 'string', minLength: 1, maxLength: 64, description: 'occupation code (lawyer, tour-guide …) or its Chinese name, catalog/codelists/occupations.json' } },
  required: ['occupation'],
} as const;

export const practitionersQuery = {
  type: 'object',
  properties: {
    grade: { type: 'string', minLength: 1, maxLength: 32, description: 'only practitioners with this grade (诚信积分 band code of the person model)' },
    purpose: { type: 'string', maxLength: 200 },
    matterRef: { type: 'string', maxLength: 64 },
    ...pageQuery,
  },
  required: ['purpose', 'matterRef'],
  additionalProperties: false,
} as const;

export const practitionerItemSchema = {
  type: 'object',
  properties: {
    subject: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, maskedId: nullableString }, required: ['id', 'name', 'maskedId'] },
    certificates: { type: 'array', items: { type: 'string' } },
    records: { type: 'integer', description: 'current occupational records naming the occupation' },
    grade: { ...nullableString, description: 'null: not graded yet' },
    score: { type: ['number', 'null'] },
    keySupervision: { type: ['boolean', 'null'] },
  },
  required: ['subject', 'certificates', 'records', 'grade', 'score', 'keySupervision'],
} as const;

export const practitionersPageSchema = {
  type: 'object',
  properties: {
    occupation: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, gbt6565: nullableString }, required: ['code', 'name', 'gbt6565'] },
    ...paged(practitionerItemSchema).properties,
  },
  required: ['occupation', ...paged(practitionerItemSchema).required],
} as const;
export type PractitionersPage = SchemaType<typeof practitionersPageSchema>;

// The work portal's 从业人员 page: the key occupational groups (the ones the caller's department
// supervises marked), and the person model's bands to filter by.
export const occupationsSchema = {
  type: 'object',
  properties: {
    occupations: {
      type: 'array',
      items: {
        type: 'object',
        properties: { code: { type: 'string' }, name: { type: 'string' }, gbt6565: nullableString, competent: { type: 'boolean', description: 'the caller’s department is of one of its competent kinds' } },
        required: ['code', 'name', 'gbt6565', 'competent'],
      },
    },
    grades: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } }, required: ['code', 'name'] } },
  },
  required: ['occupations', 'grades'],
} as const;
export type OccupationsBody = SchemaType<typeof occupationsSchema>;

// 监测看板: organizations' current grades per city (persons' grades are never counted here).
export const distributionSchema = {
  type: 'object',
  properties: {
    asOf: { type: 'string', format: 'date' },
    model: { type: 'string' },
    scope: { type: 'string', enum: ['organization'] },
    grades: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } }, required: ['code', 'name'] } },
    cities: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          region: { ...nullableString, description: 'the city from the USCC’s registration-authority code; null: not a Hebei code' },
          regionName: { type: 'string' },
          total: { type: 'integer' },
          counts: { type: 'array', items: { type: 'object', properties: { grade: { type: 'string' }, subjects: { type: 'integer' } }, required: ['grade', 'subjects'] } },
          keySupervision: { type: 'integer' },
        },
        required: ['region', 'regionName', 'total', 'counts', 'keySupervision'],
      },
    },
    pending: { type: 'integer', description: 'subjects whose grade is being recomputed' },
  },
  required: ['asOf', 'model', 'scope', 'grades', 'cities', 'pending'],
} as const;
export type DistributionBody = SchemaType<typeof distributionSchema>;
