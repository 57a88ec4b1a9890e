import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser } from '../../common/auth/decorators.js';
import { ListApprenticeshipsQueryDto } from '../../modules/apprenticeships/dto/apprenticeship-input.dto.js';
import { ApprenticeshipsService } from '../../modules/apprenticeships/apprenticeships.service.js';
import { Permission } from '../../modules/access/permission.js';
import { Requires } from '../../modules/access/requires.decorator.js';
import { WebPage } from '../web-page.decorator.js';

/** Everyone's first page: the apprenticeships they follow (an apprentice goes straight to theirs). */
@WebPage()
@Controller()
export class HomePageController {
  constructor(private readonly apprenticeships: ApprenticeshipsService) {}

  @Get()
  @Requires(Permission.ApprenticeshipList)
  async home(@CurrentUser() user: AuthUser, @Res() res: Response) {
    const query = Object.assign(new ListApprenticeshipsQueryDto(), { limit: 200, offset: 0 });
    const page = await this.apprenticeships.list(user, query);
    if (user.role === 'apprentice' && page.items.length === 1) {
      return res.redirect(303, `/portfolio/${page.items[0].id}`);
    }
    res.render('home/home.njk', { apprenticeships: page.items, total: page.total });
  }
}
