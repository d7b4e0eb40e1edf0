from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from news import feeds
from news import views as news_views
from news.sitemaps import sitemaps
from portal import script_conversion, two_factor, views
from portal.security import serve_media

urlpatterns = [
    path("admin/otp/verify/", two_factor.verify, name="otp_verify"),
    path("admin/otp/setup/", two_factor.setup, name="otp_setup"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("events/", include("events.urls")),

    path("robots.txt", news_views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
         name="sitemap-index"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps}, name="sitemap-section"),
    path("feeds/rss/", feeds.SiteFeed(), name="feed-site"),
    path("feeds/atom/", feeds.SiteAtomFeed(), name="feed-site-atom"),
    path("feeds/column/<str:slug>/rss/", feeds.ColumnFeed(), name="feed-column"),
    path("feeds/column/<str:slug>/atom/", feeds.ColumnAtomFeed(), name="feed-column-atom"),
    path("feeds/topic/<str:slug>/rss/", feeds.TopicFeed(), name="feed-topic"),
    path("feeds/topic/<str:slug>/atom/", feeds.TopicAtomFeed(), name="feed-topic-atom"),
    path("feeds/region/<str:slug>/rss/", feeds.RegionFeed(), name="feed-region"),
    path("feeds/region/<str:slug>/atom/", feeds.RegionAtomFeed(), name="feed-region-atom"),
    path("script/<str:script>/", script_conversion.switch_script, name="script-switch"),
    path("", include("news.urls")),
]

if settings.BENCH_FLOOR:
    urlpatterns += [path("_bench/floor", views.floor, name="bench-floor")]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve_media, {"document_root": settings.MEDIA_ROOT})]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
