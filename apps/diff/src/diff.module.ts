import { Module } from '@nestjs/common';
import { DiffHandlers } from './planning/diff.handlers';
import { PlannerService } from './planning/planner.service';
import { PlansRepository } from './planning/plans.repository';

/** Owns change sets and per-app plans; turns repository moves into per-app change sets. */
@Module({ providers: [PlansRepository, PlannerService, DiffHandlers] })
export class DiffModule {}
