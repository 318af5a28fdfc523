export { DiffModule } from './diff.module';
