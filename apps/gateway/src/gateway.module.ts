import { Module } from '@nestjs/common';
import { AdminAppsController } from './admin/admin-apps.controller';
import { AdminAuthController } from './admin/admin-auth.controller';
import { AdminSessionGuard } from './admin/admin-session.guard';
import { AdminSessionService } from './admin/admin-session.service';
import { BearerAuthGuard } from './auth/bearer-auth.guard';
import { RepositoriesController } from './repositories/repositories.controller';

/** The only HTTP edge: public API, admin API; stateless apart from admin sessions in Redis. */
@Module({
  controllers: [RepositoriesController, AdminAuthController, AdminAppsController],
  providers: [BearerAuthGuard, AdminSessionService, AdminSessionGuard],
})
export class GatewayModule {}
