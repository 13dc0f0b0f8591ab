namespace PriceCrawler;

public sealed record SupplierPrice(string Sku, decimal Amount, string Currency);

public sealed record ShopPrice(string Sku, decimal Amount, string Currency);
