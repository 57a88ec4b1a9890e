import { Controller, Get, Post, Render, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import multer from 'multer';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { jsonLimitFor } from '../../common/http/body-parsers.js';
import { inputProblems, scanJsonShape, SHAPE_LIMITS } from '../../common/input/input-shape.js';
import type { FieldError } from '../../common/errors/app-error.js';
import { Permission } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { parseStandardDocument } from '../../modules/standards/standard-document.js';
import { StandardsService } from '../../modules/standards/standards.service.js';
import { formErrorsOf, FormRejection, type FormErrors } from '../forms.js';
import { WebPage } from '../web-page.decorator.js';

/** As large as POST /api/standards accepts, and held in memory as that route's body is. */
const DOCUMENT_BYTES = jsonLimitFor('POST', '/api/standards');

/** Every problem with the document, each named by its place in it, all pointing at the file field. */
function documentErrors(problems: FieldError[]): FormErrors {
  const summary = problems.slice(0, 20).map((p) => ({ text: placed(p), href: '#document' }));
  if (problems.length > 20) {
    summary.push({ text: `and ${problems.length - 20} more problems`, href: '#document' });
  }
  return {
    summary,
    fields: { document: { text: 'Fix the problems listed above and upload again' } },
  };
}
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** "criteria.3.code must be …": the validators' messages start with the field's own name. */
function placed({ field, message }: FieldError): string {
  if (!field) return sentence(message);
  const own = field.split('.').pop()!;
  return message.startsWith(`${own} `)
    ? `${field}${message.slice(own.length)}`
    : `${field}: ${message}`;
}

/** The standards catalogue and importing a version, exactly as POST /api/standards does. */
@WebPage()
@Controller()
export class StandardsPageController {
  constructor(private readonly standards: StandardsService) {}

  @Get('admin/standards')
  @Requires(Permission.StandardImport)
  @Render('admin/standards.njk')
  async list() {
    return { standards: await this.standards.list() };
  }

  @Post('admin/standards')
  @Requires(Permission.StandardImport)
  @UseInterceptors(
    FileInterceptor('document', {
      storage: multer.memoryStorage(),
      limits: { fileSize: DOCUMENT_BYTES, files: 1 },
    }),
  )
  async import(
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    const again = async (errors: FormErrors, status = 422) => {
      throw new FormRejection('admin/standards.njk', await this.list(), errors, status);
    };
    if (!file || file.size === 0) {
      return again({
        summary: [
          { text: 'Choose a standard document (a JSON file) to upload', href: '#document' },
        ],
        fields: { document: { text: 'Choose a standard document (a JSON file) to upload' } },
      });
    }
    // The API's body parser checks the shape before JSON.parse builds anything: so does this.
    const shape = scanJsonShape(file.buffer, SHAPE_LIMITS);
    if (shape) return again(documentErrors([shape]));
    let input: unknown;
    try {
      input = JSON.parse(file.buffer.toString('utf8'));
    } catch {
      return again(documentErrors([{ field: '', message: 'the file is not valid JSON' }]));
    }
    // What the API's InputGuardPipe refuses in every body: NUL characters, lone surrogates.
    const problems = inputProblems(input, '', SHAPE_LIMITS);
    if (problems.length > 0) return again(documentErrors(problems));
    const { doc, errors } = parseStandardDocument(input);
    if (!doc) return again(documentErrors(errors));
    let result;
    try {
      result = await this.standards.import(doc, user.id);
    } catch (error) {
      // A version in use cannot change: the API's 409, shown at the file.
      const formErrors = formErrorsOf(error);
      const text = formErrors.summary[0]?.text ?? 'The standard could not be imported';
      return again({ summary: [{ text, href: '#document' }], fields: { document: { text } } }, 409);
    }
    res.status(result.outcome === 'created' ? 201 : 200).render('admin/standards.njk', {
      ...(await this.list()),
      imported: result,
    });
  }
}
