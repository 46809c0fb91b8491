import { Injectable, NotFoundException } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

@Injectable()
export class OrdersService {
  constructor(private readonly prisma: PrismaClient) {}

  async place(userId: number, sku: string) {
    return this.prisma.$transaction(async (tx) => {
      const order = await tx.order.create({ data: { userId, sku } });
      await this.prisma.auditLog.create({ data: { action: 'order.created', orderId: order.id } }); // expect: pgbouncer/no-outer-client-in-transaction
      return order;
    });
  }

  async placeCorrectly(userId: number, sku: string) {
    return this.prisma.$transaction(async (tx) => {
      const order = await tx.order.create({ data: { userId, sku } });
      await tx.auditLog.create({ data: { action: 'order.created', orderId: order.id } });
      return order;
    });
  }

  async cancel(orderId: number) {
    await this.prisma.$transaction(async (tx) => {
      await tx.order.update({ where: { id: orderId }, data: { status: 'cancelled' } });
      await this.prisma.$transaction(async (inner) => { // expect: pgbouncer/no-nested-transaction
        await inner.stock.updateMany({ where: { orderId }, data: { reserved: 0 } });
      });
    });
  }

  async cancelCorrectly(orderId: number) {
    await this.prisma.$transaction(async (tx) => {
      await tx.order.update({ where: { id: orderId }, data: { status: 'cancelled' } });
      await tx.stock.updateMany({ where: { orderId }, data: { reserved: 0 } });
    });
  }

  async pay(orderId: number) {
    await this.prisma.$transaction(async (tx) => {
      const order = await tx.order.update({ where: { id: orderId }, data: { state: 'paying' } });
      await stripe.paymentIntents.create({ amount: order.total, currency: 'eur', customer: order.customerId }); // expect: pgbouncer/no-idle-in-transaction
      await tx.order.update({ where: { id: orderId }, data: { state: 'paid' } });
    });
  }

  async payCorrectly(orderId: number) {
    const order = await this.prisma.order.findUnique({ where: { id: orderId } });
    if (!order) throw new NotFoundException();
    const intent = await stripe.paymentIntents.create(
      { amount: order.total, currency: 'eur', customer: order.customerId },
      { idempotencyKey: `order-${orderId}` },
    );
    await this.prisma.$transaction([
      this.prisma.order.update({ where: { id: orderId }, data: { state: 'paid', paymentIntent: intent.id } }),
      this.prisma.ledger.create({ data: { orderId, amount: order.total } }),
    ]);
  }
}
