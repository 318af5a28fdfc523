import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { Procedures, RegisterRepositoryBody, RepositoryRegistration } from '@lib/contracts';
import { RpcClient } from '@lib/messaging';
import { AuthenticatedRequest, BearerAuthGuard } from '../auth/bearer-auth.guard';

@Controller('api/repositories')
@UseGuards(BearerAuthGuard)
export class RepositoriesController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(201)
  register(
    @Req() req: AuthenticatedRequest,
    @Body() body: RegisterRepositoryBody,
  ): Promise<RepositoryRegistration> {
    return this.rpc.call(Procedures.RegisterRepository, { ...body, app_id: req.appId });
  }
}
