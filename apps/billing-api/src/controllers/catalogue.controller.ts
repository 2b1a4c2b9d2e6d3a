import { Body, Controller, Get, Param, Post, Put, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogueService, type PriceVersionInput, type SkuInput } from '@park/billing';
import { Allow, CurrentPrincipal, type Principal } from '@park/auth';
import { BillingExceptionFilter } from '../billing-exception.filter';
import { DecimalJsonInterceptor } from '../decimal-json.interceptor';
import { actorOf } from '@park/audit-store';
import { ErrorDoc, PriceBookDoc, PriceVersionDoc, SkuDoc } from '../dto/billing.dto';

@ApiTags('catalogue')
@ApiBadRequestResponse({ type: ErrorDoc })
@UseFilters(BillingExceptionFilter)
@UseInterceptors(DecimalJsonInterceptor)
@Controller('v1')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get('skus')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'The SKU catalogue' })
  skus() {
    return this.catalogue.listSkus();
  }

  @Put('skus/:code')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Create or update a SKU' })
  @ApiBody({ type: SkuDoc })
  putSku(@Param('code') code: string, @Body() body: Omit<SkuInput, 'code'>, @CurrentPrincipal() me: Principal) {
    return this.catalogue.upsertSku({ ...body, code }, actorOf(me));
  }

  @Get('price-books')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'Price books with their versions' })
  priceBooks() {
    return this.catalogue.listPriceBooks();
  }

  @Post('price-books')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Create a price book (optionally with versions)' })
  @ApiBody({ type: PriceBookDoc })
  createPriceBook(@Body() body: { id: string; name: string; isDefault?: boolean; versions?: PriceVersionInput[] }, @CurrentPrincipal() me: Principal) {
    return this.catalogue.createPriceBook(body, actorOf(me));
  }

  @Get('price-books/:id')
  @Allow({ roles: ['operator-admin', 'operator-finance'] })
  @ApiOperation({ summary: 'One price book' })
  priceBook(@Param('id') id: string) {
    return this.catalogue.getPriceBook(id);
  }

  @Post('price-books/:id/versions')
  @Allow({ roles: ['operator-admin'] })
  @ApiOperation({ summary: 'Add a version taking effect at an instant (a price change)' })
  @ApiBody({ type: PriceVersionDoc })
  addVersion(@Param('id') id: string, @Body() body: PriceVersionInput, @CurrentPrincipal() me: Principal) {
    return this.catalogue.addVersion(id, body, actorOf(me));
  }
}
