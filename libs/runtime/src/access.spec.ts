import 'reflect-metadata';
import { Controller, type ExecutionContext, Get, Module, type Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorCode } from '@latchkey/contracts';
import { AccessGuard, Public, routesWithoutAccessRule } from './access';
import { ProblemException } from './problems';
import { RuntimeModule } from './runtime.module';

@Controller('open')
class DeclaredController {
  @Get()
  @Public()
  hello() {
    return { hello: 'world' };
  }
}

@Controller('forgotten')
class UndeclaredController {
  @Get()
  secret() {
    return { secret: true };
  }
}

/** A tiny service as startService builds one: RuntimeModule first, then the controllers. */
async function appWith(controller: Type<unknown>): Promise<NestFastifyApplication> {
  @Module({ imports: [RuntimeModule], controllers: [controller] })
  class TinyModule {}
  return NestFactory.create<NestFastifyApplication>(TinyModule, new FastifyAdapter(), {
    logger: false,
    abortOnError: false,
  });
}

describe('default deny', () => {
  it('fails the start of an app with a route that declares no access rule', async () => {
    const app = await appWith(UndeclaredController);
    await expect(app.init()).rejects.toThrow('UndeclaredController.secret');
    await app.close();
  });

  it('serves a route declared public', async () => {
    const app = await appWith(DeclaredController);
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/open' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ hello: 'world' });
    } finally {
      await app.close();
    }
  });

  it('refuses, in the global guard, a handler without a rule that got past the start', () => {
    const guard = new AccessGuard(new Reflector());
    const context = {
      getHandler: () => UndeclaredController.prototype.secret,
      getClass: () => UndeclaredController,
    } as unknown as ExecutionContext;
    const refusal = (() => {
      try {
        guard.canActivate(context);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).code).toBe(ErrorCode.Forbidden);
  });

  it('names exactly the undeclared handlers', () => {
    expect(routesWithoutAccessRule([DeclaredController, UndeclaredController])).toEqual([
      'UndeclaredController.secret',
    ]);
  });
});
