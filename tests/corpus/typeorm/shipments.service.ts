import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { InjectRepository } from '@nestjs/typeorm';
import { firstValueFrom } from 'rxjs';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Order, Shipment } from './entities';

@Injectable()
export class ShipmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly http: HttpService,
    @InjectRepository(Order) private readonly orders: Repository<Order>,
  ) {}

  async ship(orderId: number) {
    await this.dataSource.transaction(async (manager) => {
      const order = await this.loadOrder(orderId); // expect: pgbouncer/no-outer-client-in-transaction
      const label = await this.requestLabel(order.id); // expect: pgbouncer/no-idle-in-transaction
      await this.record(manager, order.id, label);
    });
  }

  async shipCorrectly(orderId: number) {
    const label = await this.requestLabel(orderId);
    await this.dataSource.transaction(async (manager) => {
      const order = await manager.findOneByOrFail(Order, { id: orderId });
      await this.record(manager, order.id, label);
    });
  }

  private loadOrder(id: number) {
    return this.orders.findOneByOrFail({ id });
  }

  private async requestLabel(orderId: number): Promise<string> {
    const response = await firstValueFrom(this.http.post('https://carrier.example.com/labels', { orderId }));
    return response.data.url;
  }

  private async record(manager: EntityManager, orderId: number, label: string) {
    await manager.insert(Shipment, { orderId, label });
    await manager.update(Order, orderId, { shippedAt: new Date() });
  }
}
