export { ScannerModule } from './scanner.module';
