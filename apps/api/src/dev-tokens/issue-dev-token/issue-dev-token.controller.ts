import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { LedgerTokens } from '../../http/auth/ledger-tokens';
import { PublicRoute } from '../../http/auth/route-access';
import { IssueDevTokenDto } from './issue-dev-token.dto';

/**
 * Hands out signed tokens for any role, so a laptop can try the API without an identity
 * provider. Registered only when LEDGER_DEV_TOKENS is on; otherwise the route does not exist.
 */
@ApiTags('development')
@Controller('v1/dev/tokens')
export class IssueDevTokenController {
  constructor(private readonly tokens: LedgerTokens) {}

  @Post()
  @PublicRoute()
  @ApiCreatedResponse({ description: 'A bearer token valid for 8 hours' })
  async issue(@Body() body: IssueDevTokenDto): Promise<{ token: string }> {
    const actor = {
      subject: body.subject,
      role: body.role,
      organisationCode: body.organisationCode ?? null,
    };
    return { token: await this.tokens.issue(actor) };
  }
}
