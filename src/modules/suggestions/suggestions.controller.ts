import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/uuid-param.decorator.js';
import { Permission } from '../access/permission.js';
import { Requires } from '../access/requires.decorator.js';
import { DraftSuggestionsDto, SuggestionsDto } from './dto/suggestion.dto.js';
import { SuggestionsService } from './suggestions.service.js';

const HOW =
  "Ranked by how well the evidence's words (title, description, links, and the words of its " +
  'files: PDF text, notebook cells, Markdown, code comments and docstrings, plain text) match ' +
  "each knowledge, skill and behaviour of the apprenticeship's standard, through the standard's " +
  'vocabulary, plus how often reviewers at the same provider accepted the criterion for similar ' +
  'evidence. Each comes with the reason in words.';

@ApiTags('suggestions')
@ApiBearerAuth()
@ApiErrors(401, 403, 404, 422)
@Controller()
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Get('evidence/:id/suggestions')
  @Requires(Permission.EvidenceSuggestions)
  @ApiOperation({ summary: 'Suggested criteria for a piece of evidence', description: HOW })
  @ApiOkResponse({ type: SuggestionsDto })
  forEvidence(@UuidParam() id: string) {
    return this.suggestions.forEvidence(id);
  }

  @Post('apprenticeships/:id/suggestions')
  @Requires(Permission.DraftSuggestions)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suggested criteria for evidence not saved yet (the apprentice)',
    description: HOW,
  })
  @ApiOkResponse({ type: SuggestionsDto })
  forDraft(@UuidParam() id: string, @Body() body: DraftSuggestionsDto) {
    return this.suggestions.forDraft(id, body);
  }
}
