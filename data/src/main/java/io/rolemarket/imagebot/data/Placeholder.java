package io.rolemarket.imagebot.data;

final class Placeholder {}
