namespace FeedAggregator.Storage;

public static class StorageRegistration
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<Database>();
        builder.Services.AddSingleton<ItemStore>();
        builder.Services.AddSingleton<FeedStatusStore>();
        builder.Services.AddSingleton<TopicItemStore>();
        builder.Services.AddSingleton<ItemQueries>();
        builder.Services.AddSingleton<ItemRetention>();
        builder.Services.AddSingleton(services => services.GetRequiredService<Database>().TopicVersions);
        builder.Services.AddHostedService<RetentionJob>();
        return builder;
    }
}
