import { PasswordPageController } from './auth/password.page.controller.js';
import { SignInPageController } from './auth/sign-in.page.controller.js';
import { EvidencePageController } from './evidence/evidence.page.controller.js';
import { ChangeEvidencePageController } from './evidence/change-evidence.page.controller.js';
import { EvidenceFilesPageController } from './evidence/evidence-files.page.controller.js';
import { DownloadsPageController } from './portfolio/downloads.page.controller.js';
import { HomePageController } from './home/home.page.controller.js';
import { PortfolioPageController } from './portfolio/portfolio.page.controller.js';
import { CohortsPageController } from './cohorts/cohorts.page.controller.js';
import { NewApprenticeshipPageController } from './cohorts/new-apprenticeship.page.controller.js';
import { ReviewPageController } from './review/review.page.controller.js';
import { GatewayPageController } from './gateway/gateway.page.controller.js';
import { ProgressReviewsPageController } from './reviews/progress-reviews.page.controller.js';
import { OrganisationsPageController } from './admin/organisations.page.controller.js';
import { UsersPageController } from './admin/users.page.controller.js';
import { StandardsPageController } from './admin/standards.page.controller.js';
import { OtjPageController } from './otj/otj.page.controller.js';
import { OtjEntryPageController } from './otj/otj-entry.page.controller.js';
import { OtjApprovalsPageController } from './otj/otj-approvals.page.controller.js';

/** Every page controller: web.module.ts registers them and web-setup.ts keeps them out of /api. */
export const WEB_CONTROLLERS = [
  SignInPageController,
  PasswordPageController,
  HomePageController,
  PortfolioPageController,
  EvidencePageController,
  DownloadsPageController,
  CohortsPageController,
  NewApprenticeshipPageController,
  ReviewPageController,
  ChangeEvidencePageController,
  EvidenceFilesPageController,
  GatewayPageController,
  ProgressReviewsPageController,
  OrganisationsPageController,
  UsersPageController,
  StandardsPageController,
  OtjPageController,
  OtjEntryPageController,
  OtjApprovalsPageController,
];
