import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';

// PrismaService (another file) extends PrismaClient: the file's own `this.prisma.$transaction(…)` tells.
@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}

  async signUp(email: string) {
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email } });
      await this.prisma.profile.create({ data: { userId: user.id } }); // expect: pgbouncer/no-outer-client-in-transaction
      return user;
    });
  }

  async signUpCorrectly(email: string) {
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email } });
      await tx.profile.create({ data: { userId: user.id } });
      return user;
    });
  }
}
