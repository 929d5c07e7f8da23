package io.rolemarket.imagebot.app;

final class Placeholder {}
