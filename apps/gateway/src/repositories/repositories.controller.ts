import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  AppError,
  ErrorCode,
  Procedures,
  RegisterRepositoryBody,
  RepositoryRegistration,
  UpdateTokenBody,
} from '@lib/contracts';
import { SubscriptionStatusReader } from '@lib/database';
import { RpcClient } from '@lib/messaging';
import { AuthenticatedRequest, BearerAuthGuard } from '../auth/bearer-auth.guard';
import { Page, pageParams, paginate } from './pagination';
import { RepositoryIdPipe } from './repository-id.pipe';
import { SubscriptionView, toSubscriptionView } from './subscription-view';

/** The public API for client apps: an app only ever sees and touches its own subscriptions. */
@Controller('api/repositories')
@UseGuards(BearerAuthGuard)
export class RepositoriesController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly status: SubscriptionStatusReader,
  ) {}

  @Post()
  @HttpCode(201)
  register(
    @Req() req: AuthenticatedRequest,
    @Body() body: RegisterRepositoryBody,
  ): Promise<RepositoryRegistration> {
    return this.rpc.call(Procedures.RegisterRepository, { ...body, app_id: req.appId });
  }

  @Get()
  async list(
    @Req() req: AuthenticatedRequest,
    @Query() query: { page?: unknown; limit?: unknown },
  ): Promise<{ data: Page<SubscriptionView> }> {
    const { page, limit } = pageParams(query);
    const now = new Date();
    const all = (await this.status.forApp(req.appId)).map((f) => toSubscriptionView(f, now));
    return { data: paginate(all, page, limit) };
  }

  @Get(':repository_id')
  async show(
    @Req() req: AuthenticatedRequest,
    @Param('repository_id', RepositoryIdPipe) id: string,
  ): Promise<{ data: SubscriptionView }> {
    const facts = await this.status.one(req.appId, id);
    if (!facts) {
      throw new AppError(ErrorCode.NotFound, 'Repository not found or not registered for this app');
    }
    return { data: toSubscriptionView(facts) };
  }

  @Delete(':repository_id')
  @HttpCode(204)
  async unwatch(
    @Req() req: AuthenticatedRequest,
    @Param('repository_id', RepositoryIdPipe) id: string,
  ): Promise<void> {
    await this.rpc.call(Procedures.Unwatch, { app_id: req.appId, repository_id: id });
  }

  @Patch(':repository_id/token')
  @HttpCode(200)
  updateToken(
    @Req() req: AuthenticatedRequest,
    @Param('repository_id', RepositoryIdPipe) id: string,
    @Body() body: UpdateTokenBody,
  ): Promise<{ message: string }> {
    return this.rpc.call(Procedures.UpdateToken, { ...body, app_id: req.appId, repository_id: id });
  }

  @Post(':repository_id/sync')
  @HttpCode(202)
  sync(
    @Req() req: AuthenticatedRequest,
    @Param('repository_id', RepositoryIdPipe) id: string,
  ): Promise<{ message: string; repository_id: string }> {
    return this.rpc.call(Procedures.SyncNow, { app_id: req.appId, repository_id: id });
  }
}
