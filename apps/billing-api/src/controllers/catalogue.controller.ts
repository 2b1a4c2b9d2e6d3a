import { Controller, Get, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueService } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { actorOf } from '@park/audit-store';
import { NO_INPUT, ValidInput, type RequestInput } from '@park/platform';
import { BillingApi } from '../errors/billing-api.decorators';
import { AddPriceVersion, CreatePriceBook, PriceBookById, PutSku } from '../requests/catalogue.requests';

@ApiTags('catalogue')
@BillingApi()
@Controller('v1')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get('skus')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'The SKU catalogue' })
  skus(@ValidInput(NO_INPUT) _nothing: RequestInput<typeof NO_INPUT>) {
    return this.catalogue.listSkus();
  }

  @Put('skus/:code')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Create or update a SKU' })
  putSku(@ValidInput(PutSku) { params, body }: RequestInput<typeof PutSku>, @CurrentPrincipal() me: Principal) {
    return this.catalogue.upsertSku({ ...body, code: params.code }, actorOf(me));
  }

  @Get('price-books')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Price books with their versions' })
  priceBooks(@ValidInput(NO_INPUT) _nothing: RequestInput<typeof NO_INPUT>) {
    return this.catalogue.listPriceBooks();
  }

  @Post('price-books')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Create a price book (optionally with versions)' })
  createPriceBook(
    @ValidInput(CreatePriceBook) { body }: RequestInput<typeof CreatePriceBook>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.catalogue.createPriceBook(body, actorOf(me));
  }

  @Get('price-books/:id')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'One price book' })
  priceBook(@ValidInput(PriceBookById) { params }: RequestInput<typeof PriceBookById>) {
    return this.catalogue.getPriceBook(params.id);
  }

  @Post('price-books/:id/versions')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Add a version taking effect at an instant (a price change)' })
  addVersion(
    @ValidInput(AddPriceVersion) { params, body }: RequestInput<typeof AddPriceVersion>,
    @CurrentPrincipal() me: Principal,
  ) {
    return this.catalogue.addVersion(params.id, body, actorOf(me));
  }
}
