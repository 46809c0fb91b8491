import { PrismaClient } from '@prisma/client';

// Prisma's recommended Next.js set-up: one client per process, kept across hot reloads.
const prismaClientSingleton = () => {
  return new PrismaClient({ log: process.env.NODE_ENV === 'development' ? ['query'] : [] });
};

declare const globalThis: {
  prismaGlobal: ReturnType<typeof prismaClientSingleton>;
} & typeof global;

const prisma = globalThis.prismaGlobal ?? prismaClientSingleton();

if (process.env.NODE_ENV !== 'production') globalThis.prismaGlobal = prisma;

export async function moveSeat(bookingId: string, seatId: string) {
  return prisma.$transaction(async (tx) => {
    const booking = await tx.booking.update({ where: { id: bookingId }, data: { seatId } });
    await prisma.seatHistory.create({ data: { bookingId, seatId } }); // expect: pgbouncer/no-outer-client-in-transaction
    return booking;
  });
}

export async function moveSeatCorrectly(bookingId: string, seatId: string) {
  return prisma.$transaction(async (tx) => {
    const booking = await tx.booking.update({ where: { id: bookingId }, data: { seatId } });
    await tx.seatHistory.create({ data: { bookingId, seatId } });
    return booking;
  });
}

export default prisma;
