import { Body, Controller, Get, Post, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import type { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission, roleHolds } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { ListEvidenceQueryDto } from '../../modules/evidence/dto/evidence-input.dto.js';
import { EvidenceService } from '../../modules/evidence/evidence.service.js';
import { FreezeGatewayDto } from '../../modules/gateway/dto/gateway.dto.js';
import { GatewayFreezeService } from '../../modules/gateway/gateway-freeze.service.js';
import { GatewayService } from '../../modules/gateway/gateway.service.js';
import { PortfolioService } from '../../modules/portfolio/portfolio.service.js';
import { StandardsService } from '../../modules/standards/standards.service.js';
import { formErrorsOf, FormRejection, validateForm } from '../forms.js';
import type { PostedForm } from '../forms.js';
import { WebPage } from '../web-page.decorator.js';
import { gatewayGaps, groupHeldBack, inWords, requiredScope } from './gateway-check.js';
import { FREEZE_FRIENDLY, freezeBody, freezeErrorsOf } from './gateway-form.js';

/** A refused form answers with the API's status: 409 for a conflict, else 422. */
const statusOf = (error: unknown) => ((error as AppError).code === ErrorCode.Conflict ? 409 : 422);

/**
 * Gateway in the browser: what is missing, who has signed, the freeze (provider) and each
 * person's own declaration. The same services, DTOs and refusals as /api/apprenticeships/:id/gateway.
 */
@WebPage()
@Controller()
export class GatewayPageController {
  constructor(
    private readonly apprenticeships: ApprenticeshipsService,
    private readonly evidence: EvidenceService,
    private readonly gateway: GatewayService,
    private readonly freezer: GatewayFreezeService,
    private readonly portfolio: PortfolioService,
    private readonly standards: StandardsService,
  ) {}

  @Get('portfolio/:id/gateway-check')
  @Requires(Permission.GatewayRead)
  @Render('gateway/check.njk')
  check(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.checkModel(user, id, {});
  }

  /** The same freeze as POST /api/apprenticeships/:id/gateway: a missing reason is the same 422. */
  @Post('portfolio/:id/gateway-check')
  @Requires(Permission.GatewayFreeze)
  async freeze(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() form: PostedForm,
    @Res() res: Response,
  ) {
    const { value, errors } = await validateForm(
      FreezeGatewayDto,
      freezeBody(form),
      FREEZE_FRIENDLY,
    );
    const again = async (formErrors: NonNullable<typeof errors>, status = 422) => {
      const model = await this.checkModel(user, id, form);
      throw new FormRejection('gateway/check.njk', model, formErrors, status);
    };
    if (errors) return again(errors);
    try {
      await this.freezer.freeze(user, id, value);
    } catch (error) {
      return again(freezeErrorsOf(error), statusOf(error));
    }
    res.redirect(303, `/portfolio/${id}/gateway-check#snapshots`);
  }

  @Get('portfolio/:id/declarations')
  @Requires(Permission.GatewayRead)
  @Render('gateway/declarations.njk')
  declarations(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.declarationsModel(user, id);
  }

  /** The caller signs their own role's declaration, as POST …/gateway/declarations. */
  @Post('portfolio/:id/declarations')
  @Requires(Permission.DeclarationSign)
  async sign(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res() res: Response) {
    try {
      await this.gateway.sign(user, id);
    } catch (error) {
      const errors = formErrorsOf(error);
      throw new FormRejection(
        'gateway/declarations.njk',
        await this.declarationsModel(user, id),
        errors,
        statusOf(error),
      );
    }
    res.redirect(303, `/portfolio/${id}/declarations#${user.role}`);
  }

  private async declarationsModel(user: AuthUser, id: string) {
    const [apprenticeship, state] = await Promise.all([
      this.apprenticeships.get(id),
      this.gateway.state(id),
    ]);
    const titles = this.portfolio.templateText.declarations;
    return {
      apprenticeship,
      status: state.status,
      declarations: state.declarations.map((d) => ({ ...d, title: titles[d.role].title })),
      canSign:
        roleHolds(user.role, Permission.DeclarationSign) &&
        state.status === 'in_training' &&
        state.declarations.some((d) => d.role === user.role && !d.signed),
      // Where the apprentice stands, shown before a signature that cannot be withdrawn.
      standing: {
        evidenced: state.required.length - state.missing.length,
        required: state.required.length,
        otj: state.otj,
        gaps: gatewayGaps(state),
      },
    };
  }

  private async checkModel(user: AuthUser, id: string, form: PostedForm) {
    const query = Object.assign(new ListEvidenceQueryDto(), {
      status: 'accepted' as const,
      limit: 200,
      offset: 0,
    });
    const [apprenticeship, state, accepted] = await Promise.all([
      this.apprenticeships.get(id),
      this.gateway.state(id),
      this.evidence.list(id, query),
    ]);
    // The missing criteria's words, from the catalogue kept in memory (not a second coverage).
    const { code, version } = apprenticeship.standard;
    const catalogue = await (await this.standards.getWithTag(code, version)).body();
    const text = new Map(catalogue.criteria.map((c) => [c.code, c.text]));
    const titles = this.portfolio.templateText.declarations;
    const heldBack = await this.gateway.heldBack(id, state.missing);
    const waiting = new Set(heldBack.map((c) => c.code));
    const declarations = state.declarations.map((d) => ({ ...d, title: titles[d.role].title }));
    const unsigned = declarations.filter((d) => !d.signed).map((d) => d.title);
    const freezer =
      roleHolds(user.role, Permission.GatewayFreeze) &&
      state.status === 'in_training' &&
      state.snapshots.length === 0;
    const posted = form.selection !== undefined;
    const ticked = new Set(
      [form.evidenceIds ?? []].flat().filter((v): v is string => typeof v === 'string'),
    );
    return {
      apprenticeship,
      state,
      scope: requiredScope(catalogue.criteria, state.required.length),
      // Accepted on evidence sent back for changes: listed apart from those with no evidence.
      heldBack: groupHeldBack(heldBack),
      missing: state.missing
        .filter((code) => !waiting.has(code))
        .map((code) => ({ code, text: text.get(code) ?? '' })),
      declarations,
      unsigned,
      stillToSign: inWords(unsigned.map((title) => `the ${title.toLowerCase()}`)),
      // Every accepted piece can be offered only when one page holds them all.
      selection: accepted.total <= accepted.items.length,
      accepted: accepted.items.map((e) => ({
        id: e.id,
        label: `${e.reference} ${e.title}`,
        checked: posted ? ticked.has(e.id) : true,
      })),
      // The provider may freeze; the form is offered once every declaration is signed.
      freezer,
      canFreeze: freezer && unsigned.length === 0,
      form,
    };
  }
}
