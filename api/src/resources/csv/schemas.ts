// What import answers (API.md v2): the counts, or every row at fault.

import { Type } from 'typebox';

export const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ default: false, description: 'check the whole file, the database rules included, and write nothing' })),
  },
  { additionalProperties: false },
);

export const ImportResult = Type.Object({
  rows: Type.Integer({ description: 'data rows in the file (the header is not one)' }),
  created: Type.Integer(),
  updated: Type.Integer({ description: 'rows with an id whose values differed from those stored' }),
  unchanged: Type.Integer({ description: 'rows with an id that matched what is stored' }),
  dryRun: Type.Boolean({ description: 'true: nothing was written; the counts are what an import would do' }),
});

export const ImportProblem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          row: Type.Integer({ description: 'data row, from 1 (0: the header line)' }),
          path: Type.String({ description: 'JSON Pointer to the field, e.g. /email' }),
          message: Type.String(),
        }),
      ),
    ),
  },
  { description: 'problem+json (422): the rows at fault; nothing was written' },
);
