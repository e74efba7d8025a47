export { CONSOLE_SECURITY_HEADERS, registerConsoleRoutes } from './console-routes';
